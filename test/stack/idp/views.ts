/** The identity provider's pages: Vietnamese first, English on request. */
import { ORG_NAME } from '../accounts.ts';

export type Lang = 'vi' | 'en';

/** `ui_locales` (space-separated) or a `lang` value: English only when asked for. */
export function pickLang(value: unknown): Lang {
  if (typeof value !== 'string') return 'vi';
  for (const tag of value.split(/\s+/)) {
    const t = tag.toLowerCase();
    if (t.startsWith('vi')) return 'vi';
    if (t.startsWith('en')) return 'en';
  }
  return 'vi';
}

const T = {
  vi: {
    title: 'Đăng nhập một lần',
    heading: 'Đăng nhập',
    username: 'Tên đăng nhập hoặc thư điện tử',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    cancel: 'Hủy',
    error: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    other: 'English',
    otherLang: 'en',
    logoutTitle: 'Đăng xuất',
    logoutQuestion: 'Bạn có muốn đăng xuất khỏi hệ thống đăng nhập một lần?',
    yes: 'Đăng xuất',
    no: 'Không',
  },
  en: {
    title: 'Single sign-on',
    heading: 'Sign in',
    username: 'Username or email',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    error: 'Wrong username or password.',
    other: 'Tiếng Việt',
    otherLang: 'vi',
    logoutTitle: 'Sign out',
    logoutQuestion: 'Do you want to sign out of single sign-on?',
    yes: 'Sign out',
    no: 'No',
  },
} as const;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;margin:0;color:#1d2733}
main{max-width:380px;margin:8vh auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 2px 12px #0002}
.org{color:#a3161a;font-weight:600;font-size:14px;text-transform:uppercase;letter-spacing:.02em}
h1{font-size:22px;margin:8px 0 20px}
label{display:block;font-size:14px;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:9px 10px;font-size:15px;border:1px solid #b8c2cc;border-radius:4px}
button{margin-top:20px;width:100%;padding:10px;font-size:15px;background:#a3161a;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{background:#fdecea;color:#8a1c1c;padding:8px 10px;border-radius:4px;margin-top:8px}
.foot{display:flex;justify-content:space-between;margin-top:18px;font-size:14px}
a{color:#1b5fa8}`;

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(ORG_NAME)}</title><style>${STYLE}</style></head>
<body><main><div class="org">${escapeHtml(ORG_NAME)}</div>${body}</main></body></html>`;
}

export function loginPage(o: { uid: string; lang: Lang; username: string; error: boolean }): string {
  const t = T[o.lang];
  const uid = encodeURIComponent(o.uid);
  return page(
    o.lang,
    t.title,
    `<h1>${t.heading}</h1>
${o.error ? `<div class="error" role="alert">${t.error}</div>` : ''}
<form method="post" action="/interaction/${uid}/login" autocomplete="on">
<input type="hidden" name="lang" value="${o.lang}">
<label for="username">${t.username}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required autofocus value="${escapeHtml(o.username)}">
<label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t.submit}</button>
</form>
<div class="foot"><a href="/interaction/${uid}/abort">${t.cancel}</a><a href="/interaction/${uid}?lang=${t.otherLang}" hreflang="${t.otherLang}" lang="${t.otherLang}">${t.other}</a></div>`,
  );
}

export function logoutPage(lang: Lang, form: string): string {
  const t = T[lang];
  // `form` is oidc-provider's hidden form (id "op.logoutForm"); the buttons submit it.
  return page(
    lang,
    t.logoutTitle,
    `<h1>${t.logoutTitle}</h1><p>${t.logoutQuestion}</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${t.yes}</button>
<button type="submit" form="op.logoutForm" style="background:#5b6670">${t.no}</button>`,
  );
}

export function messagePage(lang: Lang, message: string): string {
  return page(lang, T[lang].title, `<h1>${T[lang].title}</h1><p>${escapeHtml(message)}</p>`);
}

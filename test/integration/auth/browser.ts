// A scripted system browser for integration tests: follows the provider's
// redirects by hand with a cookie jar, fills in its real login form, and
// delivers the final redirect to the app's loopback listener, as a person's
// browser would. No token passes through here: only the authorization code,
// on its way to the app.
export interface ScriptedBrowser {
  /** Give this to the Platform as openExternal. */
  openExternal(url: string): Promise<void>;
  /** Every URL the app asked the browser to open. */
  opened: string[];
  /** Resolves when the browser has finished with the last URL it was given (or failed). */
  idle(): Promise<void>;
  /** Errors the browser met (a login form that did not accept the password, …). */
  errors: string[];
}

export interface BrowserScript {
  username: string;
  password: string;
  /** Press the login page's cancel link instead of signing in. */
  abort?: boolean;
  /** Only record the URL; do nothing (a user who never comes back). */
  ignore?: boolean;
}

export function scriptedBrowser(script: BrowserScript): ScriptedBrowser {
  const jar = new Map<string, string>();
  const opened: string[] = [];
  const errors: string[] = [];
  let last: Promise<void> = Promise.resolve();

  const request = async (url: URL, init: { method?: string; body?: URLSearchParams } = {}) => {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.body ? { body: init.body } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  };

  const visit = async (start: string) => {
    const issuerOrigin = new URL(start).origin;
    let url = new URL(start);
    let init: { method?: string; body?: URLSearchParams } = {};
    for (let hop = 0; hop < 20; hop++) {
      const res = await request(url, init);
      init = {};
      if (res.status >= 300 && res.status < 400) {
        await res.arrayBuffer();
        const next = new URL(res.headers.get('location') ?? '', url);
        if (next.origin !== issuerOrigin) {
          // The redirect back to the app (the loopback listener): deliver it and stop.
          await (await fetch(next)).text();
          return;
        }
        url = next;
        continue;
      }
      const html = await res.text();
      const form = /action="(\/interaction\/[^"]+\/login)"/.exec(html);
      if (!form?.[1]) {
        if (/id="op\.logoutForm"/.test(html)) return; // the end-session page: a person would decide there
        throw new Error(`unexpected page ${url.pathname} (${res.status}): ${html.slice(0, 200)}`);
      }
      if (hop > 6) throw new Error('the login form came back: wrong password?');
      if (script.abort) {
        url = new URL(form[1].replace(/\/login$/, '/abort'), url);
        continue;
      }
      url = new URL(form[1], url);
      init = { method: 'POST', body: new URLSearchParams({ username: script.username, password: script.password, lang: 'vi' }) };
    }
    throw new Error('too many redirects');
  };

  return {
    opened,
    errors,
    async openExternal(url) {
      opened.push(url);
      if (script.ignore) return;
      // Like a real browser, opening returns at once; the page loads on its own.
      last = visit(url).catch((err: unknown) => {
        errors.push(err instanceof Error ? err.message : String(err));
      });
    },
    idle: () => last,
  };
}

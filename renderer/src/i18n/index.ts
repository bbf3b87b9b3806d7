import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/settings';
import en from './locales/en.json';
import vi from './locales/vi.json';

type Tree = { [key: string]: string | Tree };

function deepMerge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    into[k] = typeof v === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, v) : v;
  }
  return into;
}

// A feature keeps its strings in locales/<lang>/<feature>.json, merged over the
// common files, so features never edit one another's strings.
const featureFiles = import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' });

function bundle(lang: 'vi' | 'en', common: Tree): Tree {
  return Object.entries(featureFiles)
    .filter(([path]) => path.startsWith(`./locales/${lang}/`))
    .sort(([a], [b]) => a.localeCompare(b))
    .reduce((acc, [, tree]) => deepMerge(acc, tree), deepMerge({}, common));
}

// Vietnamese first: it is the default and the fallback.
void i18n.use(initReactI18next).init({
  resources: { vi: { translation: bundle('vi', vi) }, en: { translation: bundle('en', en) } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLanguage(lang: Language): void {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** Error codes contain dots, so they are looked up with a separator that never occurs in them. */
export function errorKey(code: string): string {
  return `errors|${code}`;
}

export const errorKeyOptions = { keySeparator: '|' } as const;

export { i18n };

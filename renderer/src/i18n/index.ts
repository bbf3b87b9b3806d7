import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/settings';
import en from './locales/en.json';
import vi from './locales/vi.json';

// Vietnamese first: it is the default and the fallback.
void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
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

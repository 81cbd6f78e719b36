import { LOCALES, type Locale } from '@fupin/domain';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLocale } from '../api/client';
import { translate } from './translate';
import type { MessageKey, MessageVars } from './types';

/** localStorage key that remembers the chosen language. */
export const LOCALE_STORAGE_KEY = 'fupin.locale';

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function isLocale(value: unknown): value is Locale {
  return LOCALES.some((locale) => locale === value);
}

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be blocked (private mode); fall back to the default.
  }
  return 'zh-CN';
}

/** Applies a locale to everything outside React: API header, dayjs, <html lang>. */
function applyLocale(locale: Locale): void {
  setApiLocale(locale);
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** Holds the current language and remembers the user's choice. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const chosen = initialLocale();
    applyLocale(chosen);
    return chosen;
  });

  useEffect(() => {
    applyLocale(locale);
    document.title = translate(locale, 'app.title');
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Not remembered, but still switched for this visit.
    }
    applyLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its switch and the translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <LocaleProvider>');
  return value;
}

export { LOCALE_STORAGE_KEY, LocaleProvider, useI18n, type I18n, type Translate } from './LocaleProvider';
export { translate } from './translate';
export type { Dictionary, MessageKey, MessageVars } from './types';

import type { Locale } from '@fupin/domain';
import { en } from './en';
import type { Dictionary, MessageKey, MessageVars } from './types';
import { zhCN } from './zh-CN';

const DICTIONARIES: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };

/** The message for `key` in `locale`, with `{name}` placeholders filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const text = DICTIONARIES[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

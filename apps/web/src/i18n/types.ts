import type { zhCN } from './zh-CN';

/** Every message key; the zh-CN dictionary defines the list. */
export type MessageKey = keyof typeof zhCN;

/** A full dictionary: every key, no other. */
export type Dictionary = { readonly [K in MessageKey]: string };

/** Values substituted for `{name}` placeholders. */
export type MessageVars = Readonly<Record<string, string | number>>;

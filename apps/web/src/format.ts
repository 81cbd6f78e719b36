import { fullRegionCode } from '@fupin/domain';
import dayjs from 'dayjs';
import type { RegionRef } from './api/types';

/** `2015-08-31 14:05:09`, or an em dash for no value. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
}

/** The 12-digit code used on national forms, grouped 2-2-2-3-3 for reading. */
export function formatRegionCode(code: string): string {
  const full = fullRegionCode(code);
  return `${full.slice(0, 2)} ${full.slice(2, 4)} ${full.slice(4, 6)} ${full.slice(6, 9)} ${full.slice(9, 12)}`;
}

/** `湖北省 / 十堰市 / 竹溪县`. */
export function formatPath(path: readonly RegionRef[], separator = ' / '): string {
  return path.map((ref) => ref.name).join(separator);
}

/** Pretty JSON for display. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

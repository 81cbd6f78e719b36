import { enumLabel, type EnumOption, type Locale } from '@fupin/domain';
import { useCallback } from 'react';
import { useI18n } from '../../i18n';

/** Select options of a registry enumeration: the stored Chinese value, labelled in the UI language. */
export function enumOptions<const T extends readonly EnumOption[]>(
  options: T,
  locale: Locale,
): { value: T[number]['value']; label: string }[] {
  return options.map((option) => ({ value: option.value, label: locale === 'en' ? option.en : option.value }));
}

/** Shows a stored enumeration value in the UI language (unknown values as they are, none as —). */
export function useEnumText(): (options: readonly EnumOption[], value: string | null | undefined) => string {
  const { locale } = useI18n();
  return useCallback(
    (options, value) => {
      if (value === null || value === undefined || value === '') return '—';
      return locale === 'en' ? enumLabel(options, value) : value;
    },
    [locale],
  );
}

/** 是 / 否 / — for a recorded flag. */
export function useYesNo(): (value: boolean | null | undefined) => string {
  const { t } = useI18n();
  return useCallback(
    (value) => (value === null || value === undefined ? '—' : value ? t('registry.yes') : t('registry.no')),
    [t],
  );
}

/** An amount of yuan with two decimals and thousands separators, e.g. 2,133.33. */
export function formatAmount(yuan: number): string {
  return yuan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

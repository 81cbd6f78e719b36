import { ClearOutlined } from '@ant-design/icons';
import { HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, POVERTY_CAUSES } from '@fupin/domain';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n';
import { enumOptions } from './enumText';
import type { HouseholdFilters } from './householdFilters';

export interface HouseholdFilterBarProps {
  filters: HouseholdFilters;
  onChange: (filters: HouseholdFilters) => void;
}

/** Region (default: the user's), status, attribute, main cause, income range, name or ID number. */
export function HouseholdFilterBar({ filters, onChange }: HouseholdFilterBarProps) {
  const { t, locale } = useI18n();
  const user = useCurrentUser();
  // Typed text and amounts apply on Enter or when leaving the field, not on every key; the page
  // remounts the bar when the applied filters change, so these start from them.
  const [q, setQ] = useState(filters.q ?? '');
  const [incomeMin, setIncomeMin] = useState<number | null>(filters.incomeMin ?? null);
  const [incomeMax, setIncomeMax] = useState<number | null>(filters.incomeMax ?? null);

  const set = (patch: Partial<HouseholdFilters>) => onChange({ ...filters, ...patch });
  const applyIncome = () => {
    const min = incomeMin ?? undefined;
    const max = incomeMax ?? undefined;
    if (min !== filters.incomeMin || max !== filters.incomeMax) set({ incomeMin: min, incomeMax: max });
  };

  return (
    <Space wrap className="toolbar" size={[8, 8]}>
      <RegionPicker
        value={filters.regionCode ?? user.regionCode}
        placeholder={t('registry.filter.region')}
        style={{ width: 220 }}
        data-testid="households-region"
        onChange={(code) => set({ regionCode: code === user.regionCode ? undefined : code })}
      />
      <Select
        allowClear
        value={filters.status}
        placeholder={t('registry.filter.status')}
        aria-label={t('registry.status')}
        style={{ width: 170 }}
        options={enumOptions(HOUSEHOLD_STATUSES, locale)}
        onChange={(status) => set({ status })}
      />
      <Select
        allowClear
        value={filters.attribute}
        placeholder={t('registry.filter.attribute')}
        aria-label={t('registry.attribute')}
        style={{ width: 190 }}
        popupMatchSelectWidth={false}
        options={enumOptions(HOUSEHOLD_ATTRIBUTES, locale)}
        onChange={(attribute) => set({ attribute })}
      />
      <Select
        allowClear
        value={filters.mainCause}
        placeholder={t('registry.filter.mainCause')}
        aria-label={t('registry.mainCause')}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
        options={enumOptions(POVERTY_CAUSES, locale)}
        onChange={(mainCause) => set({ mainCause })}
      />
      <Space.Compact>
        <InputNumber<number>
          min={0}
          value={incomeMin}
          placeholder={t('registry.filter.incomeMin')}
          aria-label={t('registry.filter.incomeMin')}
          style={{ width: 150 }}
          onChange={setIncomeMin}
          onBlur={applyIncome}
          onPressEnter={applyIncome}
        />
        <InputNumber<number>
          min={0}
          value={incomeMax}
          placeholder={t('registry.filter.incomeMax')}
          aria-label={t('registry.filter.incomeMax')}
          style={{ width: 110 }}
          onChange={setIncomeMax}
          onBlur={applyIncome}
          onPressEnter={applyIncome}
        />
      </Space.Compact>
      <Input.Search
        allowClear
        value={q}
        placeholder={t('registry.filter.q')}
        aria-label={t('registry.filter.q')}
        title={t('registry.filter.qHint')}
        style={{ width: 240 }}
        data-testid="households-search"
        onChange={(event) => setQ(event.target.value)}
        onSearch={(value) => set({ q: value.trim() === '' ? undefined : value.trim() })}
      />
      <Button icon={<ClearOutlined />} onClick={() => onChange({})}>
        {t('registry.filter.reset')}
      </Button>
    </Space>
  );
}

import {
  HOUSEHOLD_STATUSES,
  isAbovePovertyLine,
  isHouseholdStatus,
  yuanToFen,
  type HouseholdStatus,
} from '@fupin/domain';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { formatAmount, useEnumText } from './enumText';

/** Red while poor, green once out, orange for relapse, grey when the file is closed. */
const STATUS_COLOR: Record<HouseholdStatus, string> = {
  未脱贫: 'red',
  '已脱贫(享受政策)': 'green',
  '已脱贫(不再享受政策)': 'cyan',
  返贫: 'volcano',
  已销户: 'default',
};

/** 未脱贫 / 已脱贫 / 返贫 … as a coloured tag. */
export function StatusTag({ status }: { status: string }) {
  const enumText = useEnumText();
  const color = isHouseholdStatus(status) ? STATUS_COLOR[status] : 'default';
  return <Tag color={color}>{enumText(HOUSEHOLD_STATUSES, status)}</Tag>;
}

/**
 * Per-capita net income with its year; red when it is not above that year's poverty line
 * (the household exit standard, `isAbovePovertyLine` in @fupin/domain).
 */
export function PerCapitaIncome({ amount, year }: { amount: number | null; year: number | null }) {
  const { t } = useI18n();
  if (amount === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const above = year === null ? undefined : isAbovePovertyLine(yuanToFen(amount), year);
  const text = (
    <Typography.Text type={above === false ? 'danger' : undefined} className="nowrap">
      {t('registry.yuan', { amount: formatAmount(amount) })}
    </Typography.Text>
  );
  return (
    <Space size={4} wrap={false}>
      {above === false ? <Tooltip title={t('registry.income.below')}>{text}</Tooltip> : text}
      {year === null ? null : (
        <Typography.Text type="secondary" className="nowrap">
          {t('registry.incomeYear', { year })}
        </Typography.Text>
      )}
    </Space>
  );
}

import {
  MEASURE_TYPES,
  PLAN_ITEM_STATUS_LABELS,
  measureTypeLabel,
  type MeasureType,
  type PlanItemStatus,
  type PlanProgress,
} from '@fupin/domain';
import { Alert, Progress, Space, Statistic, Tag } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';

/** The label of a measure type in the current language. */
export function useMeasureTypeText(): (type: string) => string {
  const { locale } = useI18n();
  return useCallback((type: string) => measureTypeLabel(type, locale), [locale]);
}

/** Options of a measure-type select. */
export function useMeasureTypeOptions(): { value: MeasureType; label: string }[] {
  const { locale } = useI18n();
  return MEASURE_TYPES.map((m) => ({ value: m.value, label: m[locale] }));
}

const STATUS_COLOR: Record<PlanItemStatus, string> = {
  planned: 'default',
  inProgress: 'processing',
  done: 'success',
  cancelled: 'default',
};

/** A plan item's status, and 逾期 when it is overdue. */
export function PlanStatusTag({ status, overdue }: { status: PlanItemStatus; overdue?: boolean }) {
  const { locale, t } = useI18n();
  return (
    <Space size={4}>
      <Tag color={STATUS_COLOR[status]} data-status={status}>
        {PLAN_ITEM_STATUS_LABELS[status][locale]}
      </Tag>
      {overdue ? <Tag color="red">{t('plans.item.overdue')}</Tag> : null}
    </Space>
  );
}

/** Yuan with thousands separators and two decimals, or —. */
export function formatYuanAmount(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The figures of a plan's progress: share done, counts, money. */
export function ProgressSummary({ progress, testId }: { progress: PlanProgress; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space wrap size={32} align="center" data-testid={testId}>
      <Progress
        type="circle"
        size={72}
        percent={Math.round(progress.doneShare * 100)}
        status={progress.overdue > 0 ? 'exception' : undefined}
        format={(p) => `${p ?? 0}%`}
      />
      <Statistic title={t('plans.progress.items')} value={progress.items} />
      <Statistic title={t('plans.progress.done')} value={progress.done} />
      <Statistic title={t('plans.progress.inProgress')} value={progress.inProgress} />
      <Statistic title={t('plans.progress.planned')} value={progress.planned} />
      <Statistic
        title={t('plans.progress.overdue')}
        value={progress.overdue}
        styles={{ content: progress.overdue > 0 ? { color: '#cf1322' } : {} }}
      />
      <Statistic
        title={t('plans.progress.amount')}
        value={`${formatYuanAmount(progress.deliveredFen / 100)} / ${formatYuanAmount(progress.targetFen / 100)}`}
      />
    </Space>
  );
}

interface IssueLike {
  field: string;
  message: { 'zh-CN': string; en: string };
}

function isIssueList(value: unknown): value is IssueLike[] {
  return (
    Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'message' in v && 'field' in v)
  );
}

/** A failed save: the message of its code, and every finding the server listed. */
export function SaveError({ error }: { error: unknown }) {
  const { locale } = useI18n();
  const errorText = useErrorText();
  if (error === undefined || error === null) return null;
  const details = error instanceof ApiError ? error.details : undefined;
  const issues =
    typeof details === 'object' && details !== null && 'issues' in details && isIssueList(details.issues)
      ? details.issues
      : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="plans-save-error"
      title={errorText(error)}
      description={
        issues.length ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {issues.map((issue, i) => (
              <li key={`${issue.field}-${i}`}>{issue.message[locale]}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

import { ADJUSTMENT_EVENTS, HOUSEHOLD_STATUSES, type AdjustmentKind } from '@fupin/domain';
import { Alert, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { fetchHouseholdHistory, type HouseholdHistoryEntry } from '../../api/adjustment';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n, type Translate } from '../../i18n';
import { useEnumText } from '../registry/enumText';
import { formatMinute } from './labels';
import './identification.css';

/** Colour of a change on the timeline: joins green, leaves orange, status blue, records grey. */
const KIND_COLOR: Record<AdjustmentKind, string> = { memberIn: 'green', memberOut: 'orange', status: 'blue' };

/** Records that are not adjustment events (see the registry service and the openYear job). */
const RECORD_CHANGES = ['registered', 'updated', 'carried'] as const;
type RecordChange = (typeof RECORD_CHANGES)[number];

function isRecordChange(value: string): value is RecordChange {
  return RECORD_CHANGES.some((change) => change === value);
}

function changeLabel(t: Translate, locale: 'zh-CN' | 'en', change: string): { text: string; color: string } {
  const event = ADJUSTMENT_EVENTS.find((e) => e.value === change);
  if (event) return { text: locale === 'en' ? event.en : event.zh, color: KIND_COLOR[event.kind] };
  if (isRecordChange(change)) return { text: t(`adjust.change.${change}`), color: 'gray' };
  return { text: change, color: 'gray' };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

/**
 * Status, size and member names of a history snapshot. Its shape depends on the change: a
 * registration or edit stores the whole write ({household: {…, members}}); the yearly
 * carry-forward and the adjustment events store {status, size, members?}.
 */
export function snapshotState(snapshot: unknown): { status?: string; size?: number; names: string[] } {
  const household = field(snapshot, 'household');
  const status = field(snapshot, 'status') ?? field(household, 'status');
  const members = field(snapshot, 'members') ?? field(household, 'members');
  const list = Array.isArray(members) ? members : [];
  const size = field(snapshot, 'size');
  const names = list.map((m) => field(m, 'name')).filter((name): name is string => typeof name === 'string');
  return {
    status: typeof status === 'string' ? status : undefined,
    size: typeof size === 'number' ? size : Array.isArray(members) ? list.length : undefined,
    names,
  };
}

function HistoryItem({ entry }: { entry: HouseholdHistoryEntry }) {
  const { t, locale } = useI18n();
  const enumText = useEnumText();
  const label = changeLabel(t, locale, entry.change);
  const state = snapshotState(entry.snapshot);
  return (
    <Space orientation="vertical" size={2} data-testid={`history-${entry.change}`}>
      <Space size={6} wrap>
        <Tag color={label.color === 'gray' ? 'default' : label.color}>{label.text}</Tag>
        {entry.reason ? <Typography.Text>{entry.reason}</Typography.Text> : null}
      </Space>
      <span className="ident-history-state">
        {[
          state.status === undefined ? undefined : enumText(HOUSEHOLD_STATUSES, state.status),
          state.size === undefined ? undefined : t('ident.persons', { n: state.size }),
          state.names.length > 0 ? t('adjust.history.members', { names: state.names.join('、') }) : undefined,
          formatMinute(entry.recordedAt),
        ]
          .filter((part) => part !== undefined)
          .join(' · ')}
      </span>
    </Space>
  );
}

export interface HouseholdHistoryProps {
  householdKey: string;
  /** The household's current version, if known: the history loads again when it changes. */
  version?: number;
}

/** A household's history by record order: year, change, reason, and the state it left. */
export function HouseholdHistory({ householdKey, version }: HouseholdHistoryProps) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const { data, error, loading } = useQuery(
    (signal) => fetchHouseholdHistory(householdKey, signal),
    [householdKey, version],
  );
  if (error && !loading) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (data.items.length === 0) return <Empty description={t('adjust.history.empty')} />;
  return (
    <div data-testid="household-history-timeline">
      <Timeline
        mode="start"
        titleSpan={locale === 'en' ? '72px' : '88px'}
        items={data.items.map((entry, index) => ({
          key: `${entry.recordedAt}-${index}`,
          title: <Typography.Text strong>{t('adjust.history.year', { year: entry.year })}</Typography.Text>,
          content: <HistoryItem entry={entry} />,
          color: changeLabel(t, locale, entry.change).color,
        }))}
      />
    </div>
  );
}

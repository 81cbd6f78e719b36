import { HistoryOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Empty, Grid, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { fetchAudit } from '../api/audit';
import type { AuditEntry } from '../api/types';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { useI18n } from '../i18n';
import { entityLabel } from './auditLabels';
import { JsonDiff } from './JsonDiff';

const PAGE = 20;

export interface RecordHistoryProps {
  /** Audit entity name, e.g. `user`. */
  entity: string;
  entityId: string;
  open: boolean;
  onClose: () => void;
  /** Drawer title; defaults to "<entity> #<id> 的变更历史". */
  title?: string;
}

/** Drawer with the change history of any record, read from the audit log. */
export function RecordHistory({ entity, entityId, open, onClose, title }: RecordHistoryProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [hasMore, setHasMore] = useState(false);

  const load = useCallback(
    async (before: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await fetchAudit({ entity, entityId, limit: PAGE, before }, signal);
        setEntries((previous) => (before ? [...previous, ...page.items] : page.items));
        setHasMore(page.items.length === PAGE);
        setError(undefined);
      } catch (caught) {
        if (!signal?.aborted) setError(caught);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [entity, entityId],
  );

  useEffect(() => {
    if (!open) return undefined;
    const controller = new AbortController();
    setEntries([]);
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [open, load]);

  const last = entries.at(-1);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      title={
        <Space>
          <HistoryOutlined />
          {title ?? t('audit.historyOf', { entity: entityLabel(t, entity), id: entityId })}
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      {entries.length === 0 && !loading && !error ? (
        <Empty description={t('audit.historyEmpty')} />
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.id,
            color: entry.action.includes('delete') ? 'red' : entry.action.includes('create') ? 'green' : 'blue',
            content: (
              <div className="history-entry">
                <Space wrap size={8}>
                  <Typography.Text strong>{formatDateTime(entry.at)}</Typography.Text>
                  <Tag color="geekblue">{entry.action}</Tag>
                  <span>
                    <UserOutlined /> {entry.actorName ?? t('audit.system')}
                  </span>
                </Space>
                <JsonDiff before={entry.before} after={entry.after} />
              </div>
            ),
          }))}
        />
      )}
      {loading ? (
        <div className="center-block">
          <Spin />
        </div>
      ) : null}
      {hasMore && last && !loading ? (
        <div className="center-block">
          <Button onClick={() => void load(last.id)}>{t('common.loadMore')}</Button>
        </div>
      ) : null}
    </Drawer>
  );
}

import { HistoryOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fetchAudit } from '../../api/audit';
import { isAbortError } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { KNOWN_ENTITIES, entityLabel } from '../../components/auditLabels';
import { JsonDiff } from '../../components/JsonDiff';
import { RecordHistory } from '../../components/RecordHistory';
import { formatDateTime } from '../../format';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';

const PAGE = 50;

interface Filters {
  entity: string;
  entityId: string;
}

/** `/audit` — who changed what, newest first, with before/after of each change. */
export function AuditPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  usePageMeta([{ title: t('audit.title') }]);
  const [params, setParams] = useSearchParams();
  const applied: Filters = { entity: params.get('entity') ?? '', entityId: params.get('entityId') ?? '' };
  const [draft, setDraft] = useState<Filters>(applied);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [hasMore, setHasMore] = useState(false);
  const [history, setHistory] = useState<AuditEntry | undefined>(undefined);

  const load = useCallback(async (filters: Filters, before: string | undefined, signal?: AbortSignal) => {
    setLoading(true);
    try {
      const page = await fetchAudit(
        { entity: filters.entity || undefined, entityId: filters.entityId || undefined, limit: PAGE, before },
        signal,
      );
      setEntries((previous) => (before ? [...previous, ...page.items] : page.items));
      setHasMore(page.items.length === PAGE);
      setError(undefined);
    } catch (caught) {
      if (isAbortError(caught) || signal?.aborted) return;
      setError(caught);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load({ entity: applied.entity, entityId: applied.entityId }, undefined, controller.signal);
    return () => controller.abort();
  }, [applied.entity, applied.entityId, load]);

  const apply = () => {
    const next = new URLSearchParams();
    if (draft.entity.trim()) next.set('entity', draft.entity.trim());
    if (draft.entityId.trim()) next.set('entityId', draft.entityId.trim());
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t('audit.at'),
      render: (_: unknown, entry) => <span className="nowrap">{formatDateTime(entry.at)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_: unknown, entry) =>
        entry.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_: unknown, entry) => <Tag color="geekblue">{entry.action}</Tag>,
    },
    {
      key: 'entity',
      title: t('audit.entity'),
      render: (_: unknown, entry) => (
        <Space size={4}>
          <Tag>{entityLabel(t, entry.entity)}</Tag>
          <Typography.Text className="mono" copyable={{ text: entry.entityId }}>
            {entry.entityId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'region',
      title: t('audit.region'),
      responsive: ['lg'],
      render: (_: unknown, entry) => <span className="mono">{entry.regionCode ?? '—'}</span>,
    },
    {
      key: 'ip',
      title: t('audit.ip'),
      responsive: ['xl'],
      render: (_: unknown, entry) => <span className="mono">{entry.ip ?? '—'}</span>,
    },
    {
      key: 'requestId',
      title: t('audit.requestId'),
      responsive: ['xl'],
      render: (_: unknown, entry) =>
        entry.requestId ? (
          <Typography.Text
            type="secondary"
            className="mono"
            ellipsis={{ tooltip: entry.requestId }}
            style={{ maxWidth: 120 }}
          >
            {entry.requestId}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'history',
      title: t('common.actions'),
      render: (_: unknown, entry) => (
        <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(entry)}>
          {t('common.history')}
        </Button>
      ),
    },
  ];

  const last = entries.at(-1);
  const filtered = applied.entity !== '' || applied.entityId !== '';
  return (
    <Card title={t('audit.title')}>
      <Space wrap className="toolbar">
        <AutoComplete
          style={{ width: 200 }}
          value={draft.entity}
          options={KNOWN_ENTITIES.map((entity) => ({ value: entity, label: `${entityLabel(t, entity)} (${entity})` }))}
          onChange={(value: string) => setDraft({ ...draft, entity: value })}
          placeholder={t('audit.entityPlaceholder')}
          aria-label={t('audit.entity')}
          allowClear
          data-testid="audit-entity"
        />
        <Input
          style={{ width: 220 }}
          value={draft.entityId}
          placeholder={t('audit.entityIdPlaceholder')}
          aria-label={t('audit.entityId')}
          allowClear
          onChange={(event) => setDraft({ ...draft, entityId: event.target.value })}
          onPressEnter={apply}
          data-testid="audit-entity-id"
        />
        <Button type="primary" icon={<SearchOutlined />} onClick={apply}>
          {t('common.search')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void load(applied, undefined)}>
          {t('common.refresh')}
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={entries}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (entry) => <JsonDiff before={entry.before} after={entry.after} />,
        }}
        locale={{ emptyText: <Empty description={filtered ? t('audit.emptyFiltered') : t('audit.empty')} /> }}
      />
      <div className="center-block">
        {hasMore && last ? (
          <Button loading={loading} onClick={() => void load(applied, last.id)}>
            {t('common.loadMore')}
          </Button>
        ) : entries.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </div>
      {history ? (
        <RecordHistory open entity={history.entity} entityId={history.entityId} onClose={() => setHistory(undefined)} />
      ) : null}
    </Card>
  );
}

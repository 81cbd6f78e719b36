import { Empty, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useI18n } from '../i18n';
import { formatJson } from '../format';

type ChangeKind = 'added' | 'removed' | 'changed';

interface FieldChange {
  field: string;
  kind: ChangeKind;
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens nested objects to `a.b.c` keys; arrays and scalars are leaves. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) into.set(prefix, value);
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined && value !== null) {
    into.set(prefix || '(value)', value);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

/** The fields that differ between two JSON values. */
export function diffJson(before: unknown, after: unknown): FieldChange[] {
  const left = flatten(before);
  const right = flatten(after);
  const fields = [...new Set([...left.keys(), ...right.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const hasLeft = left.has(field) && left.get(field) !== null;
    const hasRight = right.has(field) && right.get(field) !== null;
    const a = left.get(field);
    const b = right.get(field);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const kind: ChangeKind = !hasLeft ? 'added' : !hasRight ? 'removed' : 'changed';
    changes.push({ field, kind, before: a, after: b });
  }
  return changes;
}

const KIND_COLOR: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'blue' };

function Value({ value }: { value: unknown }) {
  if (value === undefined || value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return <code className="json-value">{text}</code>;
}

/** Field-by-field before/after comparison of an audit entry, with the raw JSON below. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  // Events such as a login record no data; say so in one line.
  if ((before === null || before === undefined) && (after === null || after === undefined)) {
    return <Typography.Text type="secondary">{t('audit.noData')}</Typography.Text>;
  }
  const changes = diffJson(before, after);
  const columns: TableColumnsType<FieldChange> = [
    { title: t('audit.field'), dataIndex: 'field', width: '28%', render: (field: string) => <code>{field}</code> },
    {
      title: '',
      dataIndex: 'kind',
      width: 80,
      render: (kind: ChangeKind) => <Tag color={KIND_COLOR[kind]}>{t(`audit.${kind}`)}</Tag>,
    },
    {
      title: t('audit.before'),
      dataIndex: 'before',
      render: (_: unknown, row) => <Value value={row.before} />,
      onCell: (row) => ({ className: row.kind === 'added' ? '' : 'diff-before' }),
    },
    {
      title: t('audit.after'),
      dataIndex: 'after',
      render: (_: unknown, row) => <Value value={row.after} />,
      onCell: (row) => ({ className: row.kind === 'removed' ? '' : 'diff-after' }),
    },
  ];
  return (
    <div className="json-diff">
      {changes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noChanges')} />
      ) : (
        <Table<FieldChange> size="small" rowKey="field" columns={columns} dataSource={changes} pagination={false} />
      )}
      <details className="json-raw">
        <summary>{t('audit.rawJson')}</summary>
        <div className="json-raw-grid">
          <div>
            <Typography.Text strong>{t('audit.before')}</Typography.Text>
            <pre>{formatJson(before ?? null)}</pre>
          </div>
          <div>
            <Typography.Text strong>{t('audit.after')}</Typography.Text>
            <pre>{formatJson(after ?? null)}</pre>
          </div>
        </div>
      </details>
    </div>
  );
}

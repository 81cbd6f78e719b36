import { Button, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { exitYearColour } from '@fupin/domain';
import type { ProgressView } from '../../api/progress';
import { useI18n, type MessageKey } from '../../i18n';

type Row = ProgressView['children'][number] | (ProgressView['region'] & { coverage: ProgressView['coverage'] });

export interface ProgressTableProps {
  view: ProgressView;
  /** Opens a child (drill down); absent at the lowest level. */
  onOpen?: (code: string) => void;
  /** Opens the plan editor of a row; absent without the permission. */
  onEditPlan?: (code: string) => void;
}

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);

/**
 * The battle map's numbers as a table: the same response, the same fields, plus a total row.
 * This is the accessible view of the map and the source of the .xlsx export.
 */
export function ProgressTable({ view, onOpen, onEditPlan }: ProgressTableProps) {
  const { t } = useI18n();
  const levelKey = `map.level.${view.childLevel ?? 'village'}` as MessageKey;
  const total: Row = { ...view.region, coverage: view.coverage, name: t('map.total') };
  const columns: TableColumnsType<Row> = [
    {
      key: 'name',
      title: t('map.col.name'),
      fixed: 'left',
      render: (_: unknown, row) =>
        row.code === view.region.code || !onOpen ? (
          <Typography.Text strong={row.code === view.region.code}>{row.name}</Typography.Text>
        ) : (
          <Button type="link" className="link-button" onClick={() => onOpen(row.code)}>
            {row.name}
          </Button>
        ),
    },
    {
      key: 'plannedExitYear',
      title: t('map.col.plannedExitYear'),
      render: (_: unknown, row) =>
        row.plannedExitYear === null ? (
          '—'
        ) : (
          <Tag color={exitYearColour(row.plannedExitYear)}>{row.plannedExitYear}</Tag>
        ),
    },
    { key: 'poorHouseholds', title: t('map.col.poorHouseholds'), dataIndex: 'poorHouseholds', align: 'right' },
    { key: 'poorPeople', title: t('map.col.poorPeople'), dataIndex: 'poorPeople', align: 'right' },
    {
      key: 'exitedThisYear',
      title: t('map.col.exitedThisYear'),
      dataIndex: 'exitedThisYearHouseholds',
      align: 'right',
    },
    { key: 'exitedHouseholds', title: t('map.col.exitedHouseholds'), dataIndex: 'exitedHouseholds', align: 'right' },
    {
      key: 'incidence',
      title: t('map.col.incidence'),
      align: 'right',
      render: (_: unknown, row) => percent(row.incidencePercent),
    },
    { key: 'plannedToDate', title: t('map.col.plannedToDate'), dataIndex: 'plannedToDate', align: 'right' },
    { key: 'exitedToDate', title: t('map.col.exitedToDate'), dataIndex: 'exitedToDate', align: 'right' },
    {
      key: 'progress',
      title: t('map.col.progress'),
      align: 'right',
      render: (_: unknown, row) => (row.progressPercent === null ? '—' : `${row.progressPercent.toFixed(1)}%`),
    },
    {
      key: 'status',
      title: t('map.col.status'),
      render: (_: unknown, row) =>
        row.overdue ? (
          <Tag color="volcano">{t('map.status.overdue')}</Tag>
        ) : row.behind ? (
          <Tag color="red">{t('map.status.behind')}</Tag>
        ) : row.progressPercent === null ? (
          <Tag>{t('map.status.noPlan')}</Tag>
        ) : (
          <Tag color="green">{t('map.status.ok')}</Tag>
        ),
    },
    {
      key: 'coverage',
      title: t('map.col.coverage'),
      align: 'right',
      render: (_: unknown, row) => (row.coverage ? `${row.coverage.gapPercent}%` : '—'),
    },
    ...(onEditPlan
      ? [
          {
            key: 'plan',
            title: t('map.col.plan'),
            render: (_: unknown, row: Row) =>
              row.code === view.region.code && view.region.level === 'province' ? null : (
                <Button size="small" onClick={() => onEditPlan(row.code)}>
                  {t('plan.edit')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<Row>
      size="small"
      rowKey="code"
      className="progress-table"
      data-testid="progress-table"
      columns={columns}
      dataSource={[...view.children, total]}
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowClassName={(row) => (row.behind ? 'progress-row-behind' : '')}
      title={() => (
        <Typography.Text type="secondary">
          {t('map.tableCaption', { name: view.region.name, level: t(levelKey), year: view.year })}
        </Typography.Text>
      )}
    />
  );
}

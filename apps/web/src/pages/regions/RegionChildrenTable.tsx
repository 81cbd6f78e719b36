import { Alert, Card, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { RegionLevel } from '@fupin/domain';
import { Link, useSearchParams } from 'react-router';
import { fetchChildren } from '../../api/regions';
import type { Region, RegionChild, RegionCounts } from '../../api/types';
import { PoorTags } from '../../components/PoorTags';
import { useQuery } from '../../hooks/useQuery';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { kindLabel, levelLabel } from '../../i18n/labels';
import { rowTestId } from '../../components/testIds';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

/** Which subtree counts are worth a column, by the level of the region whose children are listed. */
const COUNT_COLUMNS: Record<RegionLevel, (keyof RegionCounts)[]> = {
  province: ['county', 'township', 'village', 'poorCounty', 'poorVillage'],
  prefecture: ['township', 'village', 'poorTownship', 'poorVillage'],
  county: ['village', 'poorVillage'],
  township: [],
  village: [],
};

function readInt(value: string | null, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** Children of a region, paginated on the server, with a 只看贫困 filter kept in the URL. */
export function RegionChildrenTable({ region }: { region: Region }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const onlyPoor = params.get('poor') === '1';
  const page = readInt(params.get('page'), 1);
  const pageSize = readInt(params.get('size'), DEFAULT_PAGE_SIZE);

  const { data, error, loading } = useQuery(
    (signal) =>
      fetchChildren(
        region.code,
        { poor: onlyPoor ? true : undefined, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      ),
    [region.code, onlyPoor, page, pageSize],
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  const countColumns: TableColumnsType<RegionChild> = COUNT_COLUMNS[region.level].map((key) => ({
    key,
    title: t(`region.count.${key}`),
    align: 'right',
    render: (_: unknown, row: RegionChild) =>
      key.startsWith('poor') && row.counts[key] > 0 ? (
        <Typography.Text className="count-poor">{row.counts[key]}</Typography.Text>
      ) : (
        row.counts[key]
      ),
  }));

  const columns: TableColumnsType<RegionChild> = [
    {
      key: 'name',
      title: t('region.name'),
      render: (_: unknown, row) => (
        <Link to={`/regions/${row.code}`} className="region-link">
          {row.name}
        </Link>
      ),
    },
    {
      key: 'code',
      title: t('region.code'),
      responsive: ['md'],
      render: (_: unknown, row) => (
        <Typography.Text type="secondary" className="mono">
          {row.code}
        </Typography.Text>
      ),
    },
    {
      key: 'level',
      title: `${t('region.level')} / ${t('region.kind')}`,
      render: (_: unknown, row) => (
        <Space size={[0, 4]} wrap>
          <Tag>{row.kind ? kindLabel(t, row.kind) : levelLabel(t, row.level)}</Tag>
          {row.isDirect ? <Tag color="purple">{t('region.direct')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'poor',
      title: t('region.poorTag'),
      render: (_: unknown, row) => <PoorTags level={row.level} poor={row.poor} />,
    },
    {
      key: 'childCount',
      title: t('region.childCount'),
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, row) => row.childCount,
    },
    ...countColumns.map((column) => ({ ...column, responsive: ['lg' as const] })),
  ];

  return (
    <Card
      className="region-children"
      title={
        <Space>
          {t('region.children')}
          {data ? <Tag>{t('common.total', { total: data.total })}</Tag> : null}
        </Space>
      }
      extra={
        <Space>
          <Switch
            size="small"
            checked={onlyPoor}
            data-testid="only-poor"
            onChange={(checked) => update({ poor: checked ? '1' : null, page: null })}
          />
          <span>{t('region.onlyPoor')}</span>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      <Table<RegionChild>
        rowKey="code"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        onRow={(row) => rowTestId(`region-row-${row.code}`)}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty description={onlyPoor ? t('region.childrenPoorEmpty') : t('region.childrenEmpty')} />,
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          hideOnSinglePage: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: (nextPage, nextSize) =>
            update({
              page: nextSize !== pageSize ? null : nextPage > 1 ? String(nextPage) : null,
              size: nextSize !== DEFAULT_PAGE_SIZE ? String(nextSize) : null,
            }),
        }}
      />
    </Card>
  );
}

import { LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import { HOUSEHOLD_ATTRIBUTES, POVERTY_CAUSES } from '@fupin/domain';
import { Alert, Button, Card, Empty, Flex, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fetchRegion } from '../../api/regions';
import { fetchHouseholds, type HouseholdSummary } from '../../api/registry';
import { useAuth } from '../../auth/AuthProvider';
import { useRegionTree } from '../../components/RegionTreeProvider';
import { rowTestId } from '../../components/testIds';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { useEnumText } from './enumText';
import { HouseholdFilterBar } from './HouseholdFilterBar';
import {
  cursorsFromParams,
  filtersFromParams,
  filtersToParams,
  isFiltered,
  type HouseholdFilters,
} from './householdFilters';
import { PerCapitaIncome, StatusTag } from './HouseholdTags';
import { TransferActions } from './TransferActions';

const PAGE_SIZE = 20;

/** Opens the region tree down to a filtered region, so the picker shows its name, not its code. */
function useExpandedRegion(code: string | undefined): void {
  const { expandTo } = useRegionTree();
  useEffect(() => {
    if (!code) return undefined;
    const controller = new AbortController();
    fetchRegion(code, controller.signal).then(
      (region) => void expandTo(region.path).catch(() => undefined),
      () => undefined,
    );
    return () => controller.abort();
  }, [code, expandTo]);
}

/** `/households` — registered households in scope: filters, keyset pages, a row opens the household. */
export function HouseholdsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const enumText = useEnumText();
  usePageMeta([{ title: t('registry.title') }]);

  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const cursors = cursorsFromParams(params);
  const after = cursors.at(-1);
  const filterKey = JSON.stringify(filters);
  useExpandedRegion(filters.regionCode);

  const { data, error, loading, reload } = useQuery(
    (signal) => fetchHouseholds({ ...filters, limit: PAGE_SIZE, after }, signal),
    [filterKey, after],
  );

  const applyFilters = (next: HouseholdFilters) => setParams(filtersToParams(next), { replace: true });
  const nextPage = () => {
    if (data?.next) setParams(filtersToParams(filters, [...cursors, data.next]));
  };
  const previousPage = () => setParams(filtersToParams(filters, cursors.slice(0, -1)));

  const columns: TableColumnsType<HouseholdSummary> = [
    {
      key: 'householdNo',
      title: t('registry.householdNo'),
      render: (_: unknown, h) => <span className="mono nowrap">{h.householdNo}</span>,
    },
    {
      key: 'head',
      title: t('registry.head'),
      render: (_: unknown, h) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/households/${h.key}`} onClick={(event) => event.stopPropagation()}>
            <Typography.Text strong>{h.headName}</Typography.Text>
          </Link>
          {h.headIdNumber ? (
            <Typography.Text type="secondary" className="mono nowrap">
              {h.headIdNumber}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'village',
      title: t('registry.village'),
      responsive: ['md'],
      render: (_: unknown, h) => <span className="nowrap">{h.villageName}</span>,
    },
    {
      key: 'attribute',
      title: t('registry.attribute'),
      responsive: ['lg'],
      render: (_: unknown, h) => enumText(HOUSEHOLD_ATTRIBUTES, h.attribute),
    },
    {
      key: 'mainCause',
      title: t('registry.mainCause'),
      render: (_: unknown, h) => enumText(POVERTY_CAUSES, h.mainCause),
    },
    { key: 'status', title: t('registry.status'), render: (_: unknown, h) => <StatusTag status={h.status} /> },
    { key: 'size', title: t('registry.size'), align: 'right', dataIndex: 'size' },
    {
      key: 'income',
      title: t('registry.perCapitaIncome'),
      align: 'right',
      render: (_: unknown, h) => <PerCapitaIncome amount={h.perCapitaIncome} year={h.incomeYear} />,
    },
  ];

  const filtered = isFiltered(filters);
  const items = data?.items ?? [];
  const pageNo = cursors.length + 1;
  return (
    <Card
      title={t('registry.title')}
      extra={
        <Space wrap>
          {can('registry.review') ? (
            <Button icon={<WarningOutlined />} onClick={() => void navigate('/households/duplicates')}>
              {t('registry.duplicates')}
            </Button>
          ) : null}
          <TransferActions filters={filters} onImported={() => void reload()} />
          {can('registry.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="household-new"
              onClick={() => void navigate('/households/new')}
            >
              {t('registry.new')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <HouseholdFilterBar key={filterKey} filters={filters} onChange={applyFilters} />
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      <div data-testid="households-table">
        <Table<HouseholdSummary>
          rowKey="key"
          loading={loading}
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(h) => ({
            ...rowTestId(`household-row-${h.key}`),
            style: { cursor: 'pointer' },
            onClick: () => void navigate(`/households/${h.key}`),
          })}
          locale={{
            emptyText: (
              <Empty
                description={filtered ? t('registry.emptyFiltered') : t('registry.empty')}
                data-testid="households-empty"
              >
                {!filtered && can('registry.write') ? (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/households/new')}>
                    {t('registry.new')}
                  </Button>
                ) : null}
              </Empty>
            ),
          }}
        />
      </div>
      <Flex align="center" gap={8} wrap style={{ marginTop: 16 }}>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('common.refresh')}
        </Button>
        <div style={{ flex: 1 }} />
        <Typography.Text type="secondary" data-testid="households-page">
          {t('registry.pageNo', { n: pageNo })}
        </Typography.Text>
        <Button
          icon={<LeftOutlined />}
          disabled={cursors.length === 0}
          data-testid="households-prev"
          onClick={previousPage}
        >
          {t('registry.prevPage')}
        </Button>
        <Button disabled={!data?.next || loading} data-testid="households-next" onClick={nextPage}>
          {t('registry.nextPage')} <RightOutlined />
        </Button>
      </Flex>
    </Card>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { HOUSEHOLD_COVERAGE, VILLAGE_COVERAGE, type HouseholdCoverage, type VillageCoverage } from '@fupin/domain';
import {
  Button,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  fetchCoverage,
  fetchGaps,
  gapExportUrl,
  type CoverageRow,
  type HouseholdGap,
  type VillageGap,
} from '../../api/assistance';
import { useNotifyError } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { rate, useAssistanceLabels } from './shared';

const VILLAGE_KEYS: Record<VillageCoverage, keyof CoverageRow['villages']> = {
  workTeam: 'workTeam',
  firstSecretary: 'firstSecretary',
  unit: 'unit',
  enterprise: 'enterprise',
};

function FigureCard({ title, n, total, testId }: { title: string; n: number; total: number; testId: string }) {
  const { t } = useI18n();
  const percent = total === 0 ? 0 : Math.floor((1000 * n) / total) / 10;
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={n} suffix={`/ ${total}`} />
      <Progress percent={percent} size="small" status={n === total ? 'success' : 'active'} showInfo={false} />
      <Typography.Text type="secondary">{t('assist.cov.rate', { rate: rate(n, total) })}</Typography.Text>
    </Card>
  );
}

/** Where the fix of a gap is made: the teams, secretaries or links tab of the village, or the household's helper tab. */
function villageFix(regionCode: string, missing: VillageCoverage): string {
  const tab = missing === 'workTeam' ? 'teams' : missing === 'firstSecretary' ? 'secretaries' : 'links';
  return `/assistance?tab=${tab}&region=${regionCode}`;
}

function GapList({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const labels = useAssistanceLabels();
  const notifyError = useNotifyError();
  const [kind, setKind] = useState<'household' | 'village'>('household');
  const [missing, setMissing] = useState<string | undefined>();
  const [extra, setExtra] = useState<{ items: (VillageGap | HouseholdGap)[]; next: string | null } | null>(null);
  const first = useQuery(
    async (signal) => {
      setExtra(null);
      return kind === 'village'
        ? fetchGaps('village', { regionCode, missing, limit: 50 }, signal)
        : fetchGaps('household', { regionCode, missing, limit: 50 }, signal);
    },
    [regionCode, kind, missing],
  );
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.next : (first.data?.next ?? null);
  const more = async () => {
    if (!next) return;
    try {
      const page =
        kind === 'village'
          ? await fetchGaps('village', { regionCode, missing, after: next, limit: 50 })
          : await fetchGaps('household', { regionCode, missing, after: next, limit: 50 });
      setExtra({ items: [...(extra?.items ?? []), ...page.items], next: page.next });
    } catch (error) {
      notifyError(error);
    }
  };
  const options = (kind === 'village' ? VILLAGE_COVERAGE : HOUSEHOLD_COVERAGE).map((k) => ({
    value: k,
    label: labels.coverage(k),
  }));
  const missingTags = (list: (VillageCoverage | HouseholdCoverage)[]) =>
    list.map((m) => (
      <Tag color="red" key={m}>
        {labels.coverage(m)}
      </Tag>
    ));
  return (
    <Card
      title={t('assist.cov.gaps')}
      extra={
        <Button icon={<DownloadOutlined />} href={gapExportUrl(regionCode)} data-testid="coverage-export">
          {t('assist.cov.export')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          onChange={(v) => {
            setKind(v as 'household' | 'village');
            setMissing(undefined);
          }}
          options={[
            { value: 'household', label: t('assist.cov.gapHouseholds') },
            { value: 'village', label: t('assist.cov.gapVillages') },
          ]}
        />
        <Select
          style={{ width: 180 }}
          allowClear
          placeholder={t('assist.cov.allMissing')}
          value={missing}
          onChange={setMissing}
          options={options}
        />
      </Space>
      {first.error ? <ApiErrorPage error={first.error} /> : null}
      <Table<VillageGap | HouseholdGap>
        size="small"
        data-testid="coverage-gaps"
        loading={first.loading}
        rowKey={(g) => ('householdKey' in g ? g.householdKey : g.villageCode)}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('assist.cov.noGaps')} /> }}
        columns={[
          { key: 'area', title: t('assist.cov.area'), render: (_v, g) => `${g.countyName} ${g.townshipName}` },
          { key: 'village', title: t('assist.village'), render: (_v, g) => g.villageName },
          ...(kind === 'household'
            ? [
                {
                  key: 'head',
                  title: t('assist.cov.head'),
                  render: (_v: unknown, g: VillageGap | HouseholdGap) =>
                    'headName' in g ? `${g.headName}（${g.householdNo}）` : '',
                },
              ]
            : []),
          { key: 'missing', title: t('assist.cov.missing'), render: (_v, g) => missingTags(g.missing) },
          {
            key: 'fix',
            title: '',
            render: (_v, g) => (
              <Link
                to={
                  'householdKey' in g
                    ? `/households/${g.householdKey}?tab=helpers`
                    : villageFix(g.villageCode, g.missing[0] ?? 'workTeam')
                }
              >
                {t('assist.cov.fix')}
              </Link>
            ),
          },
        ]}
      />
      {next ? (
        <Button style={{ marginTop: 12 }} onClick={() => void more()}>
          {t('assist.cov.more')}
        </Button>
      ) : null}
    </Card>
  );
}

/** Coverage of the region: figures as cards, per sub-region, and the gap list with links to fix each gap. */
export function CoverageTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const labels = useAssistanceLabels();
  const { data, error, loading } = useQuery((signal) => fetchCoverage(regionCode, signal), [regionCode]);
  if (error) return <ApiErrorPage error={error} />;
  if (!data || loading) return <Skeleton active />;
  const v = data.villages;
  const h = data.households;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('assist.cov.poorVillages')}: {v.poorVillages}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {VILLAGE_COVERAGE.map((k) => (
          <Col key={k} xs={12} md={6}>
            <FigureCard
              title={labels.coverage(k)}
              n={v[VILLAGE_KEYS[k]]}
              total={v.poorVillages}
              testId={`coverage-${k}`}
            />
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('assist.cov.poorHouseholds')}: {h.poorHouseholds}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {HOUSEHOLD_COVERAGE.map((k) => (
          <Col key={k} xs={12} md={8}>
            <FigureCard title={labels.coverage(k)} n={h[k]} total={h.poorHouseholds} testId={`coverage-${k}`} />
          </Col>
        ))}
      </Row>
      {data.children.length > 0 ? (
        <Card title={t('assist.cov.children')} size="small">
          <Table<CoverageRow>
            size="small"
            rowKey="regionCode"
            dataSource={data.children}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              {
                key: 'name',
                title: t('assist.region'),
                render: (_x, r) => <Link to={`/assistance?region=${r.regionCode}`}>{r.regionName}</Link>,
              },
              { key: 'pv', title: t('assist.cov.poorVillages'), render: (_x, r) => r.villages.poorVillages },
              ...VILLAGE_COVERAGE.map((k) => ({
                key: k,
                title: labels.coverage(k),
                render: (_x: unknown, r: CoverageRow) => rate(r.villages[VILLAGE_KEYS[k]], r.villages.poorVillages),
              })),
              { key: 'ph', title: t('assist.cov.poorHouseholds'), render: (_x, r) => r.households.poorHouseholds },
              ...HOUSEHOLD_COVERAGE.map((k) => ({
                key: k,
                title: labels.coverage(k),
                render: (_x: unknown, r: CoverageRow) => rate(r.households[k], r.households.poorHouseholds),
              })),
            ]}
          />
        </Card>
      ) : null}
      <GapList regionCode={regionCode} />
    </Space>
  );
}

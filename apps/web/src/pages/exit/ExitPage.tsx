import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  COUNTY_CRITERIA,
  HOUSEHOLD_CRITERIA,
  VILLAGE_CRITERIA,
  criterionLabel,
  isWithinScope,
  type ExitLevel,
  type ExitReason,
} from '@fupin/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  fetchCountyResults,
  fetchEvaluationSummary,
  fetchEvaluations,
  fetchHouseholdResults,
  fetchVillageResults,
  proposeExit,
  startEvaluation,
  type HouseholdExitResultView,
  type RegionExitResultView,
} from '../../api/exit';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { rowTestId } from '../../components/testIds';
import { usePolling } from '../../hooks/usePolling';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ExitTabs } from './ExitTabs';
import {
  DEFAULT_EXIT_YEAR,
  EXIT_STAGE_COLOR,
  EXIT_YEARS,
  exitStageLabel,
  formatMinute,
  percent,
  useExitErrorText,
  useReasonText,
} from './labels';

type Eligibility = 'all' | 'pass' | 'fail';
const PAGE = 100;

function Reasons({ reasons }: { reasons: ExitReason[] }) {
  const text = useReasonText();
  if (reasons.length === 0) return <span>—</span>;
  return (
    <Space orientation="vertical" size={0}>
      {reasons.map((r, i) => (
        <Typography.Text key={i} type="danger" className="nowrap">
          {text(r)}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** `/exit` — run the evaluation of a year, its counts, and every result with its reasons. */
export function ExitPage() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const [params, setParams] = useSearchParams();
  usePageMeta([{ title: t('exit.title') }]);

  const regionParam = params.get('region');
  const regionCode = regionParam && isWithinScope(user.regionCode, regionParam) ? regionParam : user.regionCode;
  const year = Number(params.get('year') ?? DEFAULT_EXIT_YEAR);
  const level: ExitLevel =
    params.get('level') === 'village' ? 'village' : params.get('level') === 'county' ? 'county' : 'household';
  const eligibility: Eligibility =
    params.get('eligible') === 'pass' ? 'pass' : params.get('eligible') === 'fail' ? 'fail' : 'all';
  const criterion = params.get('criterion') ?? undefined;
  const poorOnly = params.get('all') !== '1';
  const set = (next: Record<string, string | undefined>) => {
    const search = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') search.delete(k);
      else search.set(k, v);
    }
    setParams(search, { replace: true });
  };

  const evaluations = useQuery((signal) => fetchEvaluations(signal), []);
  const running = evaluations.data?.items.find((e) => e.status === 'running');
  usePolling(evaluations.reload, running !== undefined, 1000);
  const lastForYear = evaluations.data?.items.find((e) => e.year === year && e.status === 'completed');
  const summary = useQuery(
    (signal) => fetchEvaluationSummary(regionCode, year, signal),
    [regionCode, year, lastForYear?.id],
  );

  const eligible = eligibility === 'all' ? undefined : eligibility === 'pass';
  const query = { regionCode, year, eligible, criterion, poorOnly, limit: PAGE };
  const [households, setHouseholds] = useState<HouseholdExitResultView[]>([]);
  const [regions, setRegions] = useState<RegionExitResultView[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const results = useQuery(
    async (signal) => {
      if (level === 'household') {
        const page = await fetchHouseholdResults(query, signal);
        return { households: page.items, regions: [], next: page.next };
      }
      if (level === 'village') {
        const page = await fetchVillageResults(query, signal);
        return { households: [], regions: page.items, next: page.next };
      }
      const list = await fetchCountyResults(query, signal);
      return { households: [], regions: list.items, next: null };
    },
    [regionCode, year, level, eligibility, criterion, poorOnly, lastForYear?.id],
  );
  useEffect(() => {
    setHouseholds(results.data?.households ?? []);
    setRegions(results.data?.regions ?? []);
    setNext(results.data?.next ?? null);
  }, [results.data]);

  const loadMore = async () => {
    if (!next) return;
    try {
      if (level === 'household') {
        const page = await fetchHouseholdResults({ ...query, after: next });
        setHouseholds((rows) => [...rows, ...page.items]);
        setNext(page.next);
      } else {
        const page = await fetchVillageResults({ ...query, after: next });
        setRegions((rows) => [...rows, ...page.items]);
        setNext(page.next);
      }
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const run = async () => {
    try {
      await startEvaluation(year, regionCode);
      void message.success(t('exit.started'));
      await evaluations.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const propose = async (body: { level: ExitLevel; householdKey?: string; regionCode?: string }) => {
    try {
      await proposeExit({ ...body, year });
      void message.success(t('exit.proposed'));
      await results.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const caseCell = (caseKey: string | null, caseStage: string | null, onPropose: (() => void) | undefined) => {
    if (caseKey && caseStage) {
      const stage = caseStage as keyof typeof EXIT_STAGE_COLOR;
      return (
        <Link to={`/exit/cases/${caseKey}`}>
          <Tag color={EXIT_STAGE_COLOR[stage]}>{exitStageLabel(t, stage)}</Tag>
        </Link>
      );
    }
    return onPropose && can('exit.write') ? (
      <Button size="small" type="link" onClick={onPropose}>
        {t('exit.propose')}
      </Button>
    ) : null;
  };

  const resultTag = (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('exit.pass') : t('exit.fail')}</Tag>;
  const householdColumns: TableColumnsType<HouseholdExitResultView> = [
    {
      key: 'head',
      title: t('exit.col.head'),
      render: (_: unknown, r) => <Link to={`/households/${r.householdKey}`}>{r.headName}</Link>,
    },
    { key: 'village', title: t('exit.col.village'), dataIndex: 'villageName' },
    { key: 'status', title: t('exit.col.status'), dataIndex: 'status' },
    { key: 'size', title: t('exit.col.size'), dataIndex: 'size', align: 'right' },
    {
      key: 'perCapita',
      title: t('exit.col.perCapita'),
      align: 'right',
      render: (_: unknown, r) => (r.perCapita === null ? '—' : r.perCapita.toLocaleString('en-US')),
    },
    { key: 'result', title: t('exit.col.result'), render: (_: unknown, r) => resultTag(r.eligible) },
    { key: 'reasons', title: t('exit.col.reasons'), render: (_: unknown, r) => <Reasons reasons={r.reasons} /> },
    {
      key: 'case',
      title: t('exit.col.case'),
      render: (_: unknown, r) =>
        caseCell(
          r.caseKey,
          r.caseStage,
          r.eligible && (r.status === '未脱贫' || r.status === '返贫')
            ? () => void propose({ level: 'household', householdKey: r.householdKey })
            : undefined,
        ),
    },
  ];
  const regionColumns: TableColumnsType<RegionExitResultView> = [
    {
      key: 'name',
      title: t('exit.col.name'),
      render: (_: unknown, r) => (
        <Space size={4}>
          <span>{r.regionName}</span>
          {r.exited ? <Tag color="green">{t('exit.exited')}</Tag> : null}
          {r.stale ? <Tag color="orange">{t('exit.stale')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'incidence',
      title: t('exit.col.incidence'),
      align: 'right',
      render: (_: unknown, r) => percent(r.incidence),
    },
    {
      key: 'people',
      title: t('exit.col.poorPeople'),
      align: 'right',
      render: (_: unknown, r) =>
        `${r.poorPeople.toLocaleString('en-US')} / ${r.ruralPopulation.toLocaleString('en-US')}`,
    },
    { key: 'result', title: t('exit.col.result'), render: (_: unknown, r) => resultTag(r.eligible) },
    { key: 'reasons', title: t('exit.col.reasons'), render: (_: unknown, r) => <Reasons reasons={r.reasons} /> },
    {
      key: 'case',
      title: t('exit.col.case'),
      render: (_: unknown, r) =>
        caseCell(
          r.caseKey,
          r.caseStage,
          r.eligible && !r.exited && !r.stale
            ? () => void propose({ level: level === 'county' ? 'county' : 'village', regionCode: r.regionCode })
            : undefined,
        ),
    },
  ];

  const criteria =
    level === 'household' ? HOUSEHOLD_CRITERIA : level === 'village' ? VILLAGE_CRITERIA : COUNTY_CRITERIA;
  const s = summary.data;
  const mayRun = can('exit.review') && regionCode.length <= 6;
  const runningHere =
    running && (isWithinScope(running.regionCode, regionCode) || isWithinScope(regionCode, running.regionCode));
  const failedTop = useMemo(() => (s?.failedCriteria ?? []).slice(0, 7), [s]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ExitTabs />
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="exit-title">
            {t('exit.title')}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <Select
              value={year}
              onChange={(y) => set({ year: String(y) })}
              options={EXIT_YEARS.map((y) => ({ value: y, label: String(y) }))}
              aria-label={t('exit.year')}
              data-testid="exit-year"
              style={{ width: 100 }}
            />
            <RegionPicker
              value={regionCode}
              onChange={(code) => set({ region: code ?? undefined })}
              placeholder={t('exit.region')}
              style={{ minWidth: 220 }}
            />
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void results.reload()} />
            {mayRun ? (
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                disabled={runningHere === true}
                onClick={() => void run()}
                title={t('exit.runHint')}
                data-testid="exit-run"
              >
                {t('exit.run')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {running ? (
          <Alert
            type="info"
            showIcon
            className="block-alert"
            data-testid="exit-running"
            title={t('exit.running', { done: running.countiesDone, total: running.countiesTotal })}
            description={
              <Progress percent={Math.round((100 * running.countiesDone) / Math.max(1, running.countiesTotal))} />
            }
          />
        ) : null}
        <Typography.Paragraph type="secondary" data-testid="exit-last-run">
          {lastForYear
            ? t('exit.lastRun', {
                year: lastForYear.year,
                region: lastForYear.regionCode,
                version: lastForYear.standardsVersion,
                who: lastForYear.createdBy,
                at: formatMinute(lastForYear.finishedAt),
              })
            : t('exit.neverRun')}
        </Typography.Paragraph>
        {s ? (
          <Row gutter={[16, 16]} data-testid="exit-summary">
            <Col xs={12} md={6}>
              <Statistic
                title={t('exit.summary.households')}
                value={`${s.households.eligible} / ${s.households.total}`}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('exit.summary.poorEligible')} value={s.households.poorEligible} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('exit.summary.villages')} value={`${s.villages.eligible} / ${s.villages.total}`} />
              {s.villages.stale ? <Tag color="orange">{t('exit.summary.stale', { n: s.villages.stale })}</Tag> : null}
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('exit.summary.counties')} value={`${s.counties.eligible} / ${s.counties.total}`} />
              {s.counties.stale ? <Tag color="orange">{t('exit.summary.stale', { n: s.counties.stale })}</Tag> : null}
            </Col>
            {failedTop.length ? (
              <Col span={24}>
                <Typography.Text type="secondary">{t('exit.summary.topFailed')}：</Typography.Text>
                {failedTop.map((f) => (
                  <Tag key={f.criterion}>
                    {criterionLabel(f.criterion as ExitReason['criterion'], locale)}{' '}
                    {f.households.toLocaleString('en-US')}
                  </Tag>
                ))}
              </Col>
            ) : null}
          </Row>
        ) : null}
      </Card>
      <Card>
        <Tabs
          activeKey={level}
          onChange={(key) => set({ level: key === 'household' ? undefined : key, criterion: undefined })}
          items={(['household', 'village', 'county'] as const).map((l) => ({
            key: l,
            label: <span data-testid={`exit-level-${l}`}>{t(`exit.level.${l}`)}</span>,
          }))}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={eligibility}
            onChange={(v) => set({ eligible: v === 'all' ? undefined : v })}
            style={{ width: 160 }}
            aria-label={t('exit.filter.eligible')}
            data-testid="exit-filter-eligible"
            options={[
              { value: 'all', label: t('exit.filter.all') },
              { value: 'pass', label: t('exit.filter.pass') },
              { value: 'fail', label: t('exit.filter.fail') },
            ]}
          />
          <Select
            value={criterion}
            allowClear
            placeholder={t('exit.filter.criterion')}
            onChange={(v: string | undefined) => set({ criterion: v })}
            style={{ width: 180 }}
            options={criteria.map((c) => ({ value: c, label: criterionLabel(c, locale) }))}
          />
          {level === 'household' ? (
            <Space>
              <Switch checked={poorOnly} onChange={(v) => set({ all: v ? undefined : '1' })} />
              <span>{t('exit.filter.poorOnly')}</span>
            </Space>
          ) : null}
        </Space>
        {results.error && !results.loading ? (
          <Alert type="error" showIcon className="block-alert" title={errorText(results.error)} />
        ) : null}
        {level === 'household' ? (
          <Table<HouseholdExitResultView>
            rowKey="householdKey"
            size="middle"
            loading={results.loading}
            columns={householdColumns}
            dataSource={households}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(r) => rowTestId(`exit-row-${r.householdKey}`)}
            locale={{ emptyText: lastForYear ? t('exit.empty') : t('exit.notEvaluated', { year }) }}
          />
        ) : (
          <Table<RegionExitResultView>
            rowKey="regionCode"
            size="middle"
            loading={results.loading}
            columns={regionColumns}
            dataSource={regions}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(r) => rowTestId(`exit-row-${r.regionCode}`)}
            locale={{ emptyText: lastForYear ? t('exit.empty') : t('exit.notEvaluated', { year }) }}
          />
        )}
        {next ? (
          <Button style={{ marginTop: 12 }} onClick={() => void loadMore()}>
            {t('exit.more')}
          </Button>
        ) : null}
      </Card>
    </Space>
  );
}

import { Card, Col, Empty, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { POVERTY_CAUSES } from '@fupin/domain';
import type { EChartsOption } from 'echarts';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { fetchDashboard, type DashboardView } from '../../api/progress';
import { EChart } from '../../components/EChart';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { useEnumText } from '../registry/enumText';

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

function YearsChart({ view }: { view: DashboardView }) {
  const { t } = useI18n();
  const option = useMemo(
    (): EChartsOption => ({
      color: ['#bfbfbf', '#c0392b'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dash.planned'), t('dash.actual')] },
      grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: view.years.map((y) => String(y.year)) },
      yAxis: { type: 'value' },
      series: [
        { name: t('dash.planned'), type: 'bar', data: view.years.map((y) => y.plannedHouseholds) },
        { name: t('dash.actual'), type: 'bar', data: view.years.map((y) => y.exitedHouseholds) },
      ],
    }),
    [view.years, t],
  );
  return <EChart option={option} style={{ height: 280 }} />;
}

function CausesChart({ view }: { view: DashboardView }) {
  const enumText = useEnumText();
  const option = useMemo(
    (): EChartsOption => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: view.topCauses.map((c) => ({ name: enumText(POVERTY_CAUSES, c.cause), value: c.households })),
        },
      ],
    }),
    [view.topCauses, enumText],
  );
  return <EChart option={option} style={{ height: 280 }} />;
}

/** `/dashboard/:code` — a region's headline figures, exits per year, top causes and lagging units. */
export function DashboardPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const valid = CODE_PATTERN.test(code);
  const { data, error, loading } = useQuery(
    (signal) => (valid ? fetchDashboard(code, undefined, signal) : Promise.resolve(undefined)),
    [code, valid],
  );
  const view = data && data.region.code === code ? data : undefined;
  usePageMeta(
    [{ title: t('nav.dashboard') }, ...(view ? [{ title: view.region.name }] : [])],
    view ? { code: view.region.code, name: view.region.name, level: view.region.level, path: view.path } : null,
  );
  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!view) return <Skeleton active paragraph={{ rows: 10 }} />;
  const r = view.region;
  const behind = view.children.filter((c) => c.behind);
  return (
    <div className="stack dashboard-page">
      <Typography.Title level={3}>{t('dash.title', { name: r.name })}</Typography.Title>
      <Row gutter={[16, 16]}>
        {[
          {
            key: 'poorHouseholds',
            title: t('dash.poorHouseholds'),
            value: r.poorHouseholds,
            suffix: t('dash.households', { n: '' }),
          },
          { key: 'poorPeople', title: t('dash.poorPeople'), value: r.poorPeople, suffix: t('dash.people', { n: '' }) },
          {
            key: 'exitedThisYear',
            title: t('dash.exitedThisYear', { year: view.year }),
            value: r.exitedThisYearHouseholds,
            suffix: t('dash.households', { n: '' }),
          },
          {
            key: 'exitedTotal',
            title: t('dash.exitedTotal'),
            value: r.exitedHouseholds,
            suffix: t('dash.households', { n: '' }),
          },
          {
            key: 'incidence',
            title: t('dash.incidence'),
            value: r.incidencePercent === null ? '—' : r.incidencePercent.toFixed(2),
            suffix: r.incidencePercent === null ? '' : '%',
          },
          {
            key: 'behind',
            title: t('dash.behind'),
            value: view.behindChildren,
            suffix: `/ ${view.children.length}`,
          },
          ...(view.coverage
            ? [{ key: 'coverage', title: t('dash.coverage'), value: view.coverage.gapPercent, suffix: '%' }]
            : []),
        ].map((s) => (
          <Col key={s.key} xs={12} md={8} xl={view.coverage ? 3 : 4}>
            <Card size="small" data-testid={`dash-${s.key}`} style={{ height: '100%' }}>
              <Statistic
                title={s.title}
                value={s.value}
                suffix={
                  /^[/%]/.test(s.suffix.trim()) ? (
                    s.suffix.trim()
                  ) : (
                    // A unit word ("户", "households") in small type, so a narrow card keeps it on the line.
                    <span style={{ fontSize: 14, whiteSpace: 'nowrap' }}>{s.suffix.trim()}</span>
                  )
                }
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('dash.years')}>
            {view.years.length ? <YearsChart view={view} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('dash.causes')}>
            {view.topCauses.length ? <CausesChart view={view} /> : <Empty />}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('dash.behindList')}
        extra={<Link to={`/battle-map/${code}?mode=progress`}>{t('dash.openMap')}</Link>}
      >
        {behind.length === 0 ? (
          <Typography.Text type="secondary">{t('dash.noBehind')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={behind}
            renderItem={(c) => (
              <List.Item>
                <Link to={`/dashboard/${c.code}`}>{c.name}</Link>
                <span>
                  {t('map.tooltip.progress', { planned: c.plannedToDate, actual: c.exitedToDate })}{' '}
                  {c.overdue ? (
                    <Tag color="volcano">{t('map.status.overdue')}</Tag>
                  ) : (
                    <Tag color="red">{t('map.status.behind')}</Tag>
                  )}
                </span>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}

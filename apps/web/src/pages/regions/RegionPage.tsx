import { Alert, Col, Row, Skeleton } from 'antd';
import { isWithinScope } from '@fupin/domain';
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { fetchChildren, fetchRegion } from '../../api/regions';
import type { Region } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta, type Crumb } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { RegionChildrenTable } from './RegionChildrenTable';
import { RegionHeaderCard } from './RegionHeaderCard';
import { RegionSideTree } from './RegionSideTree';
import { RegionStats } from './RegionStats';

// ECharts is large; load it only with the chart.
const RegionChart = lazy(async () => ({ default: (await import('./RegionChart')).RegionChart }));

const CHART_LIMIT = 40;
const CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** Breadcrumbs from the region's path; ancestors outside the scope are not links. */
function regionCrumbs(region: Region | undefined, scope: string): Crumb[] {
  if (!region) return [];
  return region.path.map((ref, index) => ({
    title: ref.name,
    to: index < region.path.length - 1 && isWithinScope(scope, ref.code) ? `/regions/${ref.code}` : undefined,
  }));
}

/** Chart of the children's poor villages, for regions whose children have villages below them. */
function ChildrenChart({ region }: { region: Region }) {
  const { data } = useQuery((signal) => fetchChildren(region.code, { limit: CHART_LIMIT }, signal), [region.code]);
  if (!data || data.items.length < 2 || region.counts.village === 0) return null;
  return (
    <Suspense fallback={<Skeleton active />}>
      <RegionChart items={data.items} total={data.total} />
    </Suspense>
  );
}

/** `/regions/:code` — a region's designation, statistics and children. */
export function RegionPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const user = useCurrentUser();
  const valid = CODE_PATTERN.test(code);
  const {
    data: region,
    error,
    loading,
  } = useQuery((signal) => (valid ? fetchRegion(code, signal) : Promise.resolve(undefined)), [code, valid]);
  const current = region && region.code === code ? region : undefined;
  usePageMeta(
    regionCrumbs(current, user.regionCode),
    current ? { code: current.code, name: current.name, level: current.level, path: current.path } : null,
  );

  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!current) return <Skeleton active paragraph={{ rows: 8 }} />;

  const showChart = current.level === 'province' || current.level === 'prefecture' || current.level === 'county';
  return (
    <Row gutter={[16, 16]} className="region-page">
      <Col xs={0} lg={6} xxl={5}>
        <RegionSideTree region={current} />
      </Col>
      <Col xs={24} lg={18} xxl={19}>
        <div className="stack">
          <RegionHeaderCard region={current} />
          <RegionStats region={current} />
          {showChart ? <ChildrenChart region={current} /> : null}
          {current.level === 'village' ? (
            <Alert type="info" showIcon title={t('region.lowestLevel')} />
          ) : (
            <RegionChildrenTable region={current} />
          )}
        </div>
      </Col>
    </Row>
  );
}

import { Alert, Breadcrumb, Button, Card, Col, Row, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { MAP_MODES, isWithinScope, type MapMode } from '@fupin/domain';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { fetchProgress, progressExportUrl } from '../../api/progress';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n, type MessageKey } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { BattleMapChart } from './BattleMapChart';
import { BulletinCard } from './BulletinCard';
import { legend } from './colours';
import { hasMap } from './geo';
import { PlanModal } from './PlanModal';
import { ProgressTable } from './ProgressTable';
import './battle-map.css';

const CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;
const YEARS = [2015, 2016, 2017, 2018, 2019, 2020];

function isMode(value: string | null): value is MapMode {
  return MAP_MODES.some((m) => m === value);
}

/**
 * `/battle-map/:code` — 作战图: the province's 17 units, a unit's counties on the map, townships
 * and villages as a table; coloured by planned exit year, incidence, progress or coverage.
 * The map, the table and the export read one response, so their numbers are the same.
 */
export function BattleMapPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const mode: MapMode = isMode(params.get('mode')) ? (params.get('mode') as MapMode) : 'exitYear';
  const yearParam = Number(params.get('year'));
  const year = YEARS.includes(yearParam) ? yearParam : undefined;
  const [editing, setEditing] = useState<string | null>(null);
  const valid = CODE_PATTERN.test(code);
  const {
    data: view,
    error,
    loading,
    reload,
  } = useQuery(
    (signal) => (valid ? fetchProgress(code, year, signal) : Promise.resolve(undefined)),
    [code, valid, year],
  );
  const current = view && view.region.code === code ? view : undefined;
  usePageMeta(
    [{ title: t('nav.battleMap') }, ...(current ? [{ title: current.region.name }] : [])],
    current
      ? { code: current.region.code, name: current.region.name, level: current.region.level, path: current.path }
      : null,
  );

  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!current) return <Skeleton active paragraph={{ rows: 10 }} />;

  const open = (child: string) => void navigate({ pathname: `/battle-map/${child}`, search: params.toString() });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const crumbs = current.path
    .filter((p) => isWithinScope(user.regionCode, p.code) || p.code === user.regionCode)
    .map((p) => ({
      title:
        p.code === code ? (
          p.name
        ) : (
          <a
            href={`/battle-map/${p.code}`}
            onClick={(e) => {
              e.preventDefault();
              open(p.code);
            }}
          >
            {p.name}
          </a>
        ),
    }));
  const showMap = hasMap(code);
  const noCoverage = mode === 'coverage' && current.children.every((c) => c.coverage === null);

  return (
    <div className="stack battle-map-page">
      <Card size="small">
        <Space wrap size="middle" className="battle-map-toolbar">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('map.title')}
          </Typography.Title>
          <Breadcrumb items={crumbs} data-testid="battle-map-breadcrumb" />
          <Segmented<MapMode>
            aria-label={t('map.mode')}
            value={mode}
            onChange={(value) => setParam('mode', value)}
            options={MAP_MODES.map((m) => ({ value: m, label: t(`map.mode.${m}` as MessageKey) }))}
          />
          <Select
            aria-label={t('map.year')}
            value={current.year}
            style={{ width: 110 }}
            onChange={(value: number) => setParam('year', String(value))}
            options={YEARS.map((y) => ({ value: y, label: `${y}` }))}
          />
          <Button icon={<DownloadOutlined />} href={progressExportUrl(code, year)}>
            {t('map.export')}
          </Button>
        </Space>
      </Card>
      {noCoverage ? <Alert type="info" showIcon title={t('map.noCoverage')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={showMap ? 16 : 24}>
          {showMap ? (
            <Card size="small">
              <BattleMapChart view={current} mode={mode} onOpen={open} />
              <div className="battle-map-legend" aria-label={t('map.mode')}>
                {legend(mode).map((entry) => (
                  <span key={'key' in entry.label ? entry.label.key : entry.label.text} className="legend-entry">
                    <span className="legend-swatch" style={{ background: entry.colour }} />
                    {'key' in entry.label ? t(entry.label.key) : entry.label.text}
                  </span>
                ))}
              </div>
            </Card>
          ) : (
            <Alert type="info" showIcon title={t('map.tableOnly')} />
          )}
        </Col>
        {showMap ? (
          <Col xs={24} xl={8}>
            <BulletinCard regionCode={code} year={current.year} />
          </Col>
        ) : null}
      </Row>
      <Card size="small" title={t('map.table')}>
        <ProgressTable
          view={current}
          {...(current.region.level === 'village' || current.childLevel === 'village' ? {} : { onOpen: open })}
          {...(can('plans.write') ? { onEditPlan: setEditing } : {})}
        />
      </Card>
      {!showMap ? <BulletinCard regionCode={code.length <= 9 ? code : code.slice(0, 9)} year={current.year} /> : null}
      <PlanModal
        code={editing}
        onClose={(saved) => {
          setEditing(null);
          if (saved) void reload();
        }}
      />
    </div>
  );
}

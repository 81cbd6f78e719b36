import { FileTextOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { POVERTY_CAUSES, PROVINCE_CODE, isWithinScope, type IdentificationStage } from '@fupin/domain';
import { Alert, Button, Card, Col, Dropdown, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  IDENTIFICATION_LIST_LIMIT,
  fetchIdentificationCases,
  fetchIdentificationSettings,
  type IdentificationCase,
  type NoticeStage,
} from '../../api/identification';
import { fetchRegion } from '../../api/regions';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { rowTestId } from '../../components/testIds';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { useEnumText } from '../registry/enumText';
import { formatDay, formatMinute, stageLabel } from './labels';
import { IdentificationSettingsCard, OpenYearCard } from './ProvinceSettingsCards';
import { SpotCheckCard } from './SpotCheckCard';
import { useVillageNames } from './useVillageNames';
import { LISTED_STAGES, STAGE_COLOR, rememberedSpotCheck, roleReaches } from './workflow';
import './identification.css';

type StageFilter = IdentificationStage | 'all';

function isListedStage(value: string | null): value is IdentificationStage {
  return LISTED_STAGES.some((stage) => stage === value);
}

/** `/identification` — cases by stage under a region, spot checks, and the province settings. */
export function IdentificationPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const enumText = useEnumText();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  usePageMeta([{ title: t('ident.title') }]);

  const regionParam = params.get('region');
  const regionCode = regionParam && isWithinScope(user.regionCode, regionParam) ? regionParam : user.regionCode;
  const stageParam = params.get('stage');
  const stage: StageFilter = isListedStage(stageParam) ? stageParam : 'all';
  const setFilter = (next: { region?: string; stage?: StageFilter }) => {
    const region = next.region ?? regionCode;
    const nextStage = next.stage ?? stage;
    const search = new URLSearchParams();
    if (region !== user.regionCode) search.set('region', region);
    if (nextStage !== 'all') search.set('stage', nextStage);
    setParams(search, { replace: true });
  };

  const { data, error, loading, reload } = useQuery(
    (signal) => fetchIdentificationCases({ regionCode, limit: IDENTIFICATION_LIST_LIMIT }, signal),
    [regionCode],
  );
  const { data: region } = useQuery((signal) => fetchRegion(regionCode, signal), [regionCode]);
  const { data: settings, setData: setSettings } = useQuery((signal) => fetchIdentificationSettings(signal), []);
  const cases = useMemo(() => data?.items ?? [], [data]);
  const villageNames = useVillageNames(cases.map((c) => c.villageCode));

  // Spot checks drawn in this tab are kept in session storage; `draws` re-reads them after a draw.
  const [draws, setDraws] = useState(0);
  const checks = useMemo(
    () =>
      (['township', 'county'] as const).flatMap((level) => {
        const check = rememberedSpotCheck(level, regionCode);
        return check ? [check] : [];
      }),
    // `draws` changes when a new check was remembered.
    [regionCode, draws],
  );
  const sampled = new Set(checks.flatMap((check) => check.sampled));

  const counts = new Map<IdentificationStage, number>();
  for (const c of cases) counts.set(c.stage, (counts.get(c.stage) ?? 0) + 1);
  const shown = stage === 'all' ? cases : cases.filter((c) => c.stage === stage);

  const mayReview = can('registry.review') && roleReaches(user.role, 'township');
  const provinceAdmin = can('users.manage') && user.regionCode === PROVINCE_CODE;

  const columns: TableColumnsType<IdentificationCase> = [
    {
      key: 'applicant',
      title: t('ident.applicant'),
      render: (_: unknown, c) => (
        <Space size={4}>
          <Link to={`/identification/${c.key}`}>{c.applicantName}</Link>
          {sampled.has(c.key) ? <Tag color="volcano">{t('ident.sampled')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'village',
      title: t('ident.village'),
      render: (_: unknown, c) => villageNames.get(c.villageCode) ?? <span className="mono">{c.villageCode}</span>,
    },
    { key: 'size', title: t('ident.size'), dataIndex: 'size', align: 'right', width: 80 },
    {
      key: 'mainCause',
      title: t('ident.mainCause'),
      render: (_: unknown, c) => enumText(POVERTY_CAUSES, c.mainCause),
    },
    {
      key: 'stage',
      title: t('ident.stage'),
      render: (_: unknown, c) => <Tag color={STAGE_COLOR[c.stage]}>{stageLabel(t, c.stage)}</Tag>,
    },
    {
      key: 'notice',
      title: t('ident.noticePeriod'),
      render: (_: unknown, c) =>
        c.noticeStartedAt ? (
          <span className="nowrap">
            {formatDay(c.noticeStartedAt)} ~ {formatDay(c.noticeEndsAt)}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'createdAt',
      title: t('ident.createdAt'),
      render: (_: unknown, c) => <span className="nowrap">{formatMinute(c.createdAt)}</span>,
    },
  ];

  const noticeLink = (noticeStage: NoticeStage) =>
    `/identification/notice?regionCode=${encodeURIComponent(regionCode)}&stage=${noticeStage}`;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {provinceAdmin ? (
        <Row gutter={[16, 16]}>
          {settings ? (
            <Col xs={24} xl={14}>
              <IdentificationSettingsCard settings={settings} onSaved={setSettings} />
            </Col>
          ) : null}
          <Col xs={24} xl={10}>
            <OpenYearCard />
          </Col>
        </Row>
      ) : null}
      {mayReview ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <SpotCheckCard
              regionCode={regionCode}
              regionName={region?.code === regionCode ? region.name : undefined}
              settings={settings}
              cases={cases}
              checks={checks}
              onDrawn={() => {
                setDraws((n) => n + 1);
                void reload();
              }}
            />
          </Col>
        </Row>
      ) : null}
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="ident-title">
            {t('ident.title')}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <RegionPicker
              value={regionCode}
              onChange={(code) => setFilter({ region: code ?? user.regionCode })}
              placeholder={t('ident.region')}
              style={{ minWidth: 240 }}
              data-testid="ident-region"
            />
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void reload()} />
            <Dropdown
              menu={{
                items: [
                  { key: 'firstNotice', label: t('ident.noticeFirst') },
                  { key: 'secondNotice', label: t('ident.noticeSecond') },
                ],
                onClick: ({ key }) =>
                  void navigate(noticeLink(key === 'secondNotice' ? 'secondNotice' : 'firstNotice')),
              }}
            >
              <Button icon={<FileTextOutlined />} title={t('ident.openNoticeHint')} data-testid="ident-notice">
                {t('ident.openNotice')}
              </Button>
            </Dropdown>
            {can('registry.write') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void navigate('/identification/new')}
                data-testid="ident-new"
              >
                {t('ident.new')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Tabs
          activeKey={stage}
          onChange={(key) => setFilter({ stage: isListedStage(key) ? key : 'all' })}
          items={[
            { key: 'all', label: `${t('ident.all')} ${cases.length}` },
            // Only the stages that hold cases (and the one chosen), so the tabs fit on one line.
            ...LISTED_STAGES.filter((s) => s === stage || (counts.get(s) ?? 0) > 0).map((s) => ({
              key: s,
              label: (
                <span data-testid={`ident-tab-${s}`}>
                  {stageLabel(t, s)} {counts.get(s) ?? 0}
                </span>
              ),
            })),
          ]}
        />
        {error && !loading ? <Alert type="error" showIcon className="block-alert" title={errorText(error)} /> : null}
        {cases.length >= IDENTIFICATION_LIST_LIMIT ? (
          <Alert
            type="warning"
            showIcon
            className="block-alert"
            title={t('ident.limited', { n: IDENTIFICATION_LIST_LIMIT })}
          />
        ) : null}
        <Table<IdentificationCase>
          rowKey="key"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({
            ...rowTestId(`ident-row-${c.key}`),
            className: sampled.has(c.key) ? 'ident-row-sampled' : undefined,
          })}
          locale={{ emptyText: stage === 'all' ? t('ident.empty') : t('ident.emptyStage') }}
        />
      </Card>
    </Space>
  );
}

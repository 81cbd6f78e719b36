import { ReloadOutlined } from '@ant-design/icons';
import { EXIT_STAGES, isWithinScope, type ExitLevel, type ExitStage } from '@fupin/domain';
import { Alert, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { fetchExitCases, type ExitCaseView } from '../../api/exit';
import { useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { rowTestId } from '../../components/testIds';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ExitTabs } from './ExitTabs';
import { EXIT_STAGE_COLOR, exitStageLabel, formatDay, formatMinute } from './labels';

function isLevel(v: string | null): v is ExitLevel {
  return v === 'household' || v === 'village' || v === 'county';
}
function isStage(v: string | null): v is ExitStage {
  return EXIT_STAGES.some((s) => s === v);
}

/** `/exit/cases` — exit cases of households, villages and counties under a region. */
export function CasesPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  usePageMeta([{ title: t('exit.title'), to: '/exit' }, { title: t('exit.cases.title') }]);
  const regionParam = params.get('region');
  const regionCode = regionParam && isWithinScope(user.regionCode, regionParam) ? regionParam : user.regionCode;
  const levelParam = params.get('level');
  const level: ExitLevel = isLevel(levelParam) ? levelParam : 'household';
  const stageParam = params.get('stage');
  const stage = isStage(stageParam) ? stageParam : undefined;
  const set = (next: Record<string, string | undefined>) => {
    const search = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) search.set(k, v);
      else search.delete(k);
    }
    setParams(search, { replace: true });
  };
  const { data, error, loading, reload } = useQuery(
    (signal) => fetchExitCases({ regionCode, level, stage, limit: 500 }, signal),
    [regionCode, level, stage],
  );

  const columns: TableColumnsType<ExitCaseView> = [
    {
      key: 'subject',
      title: t('exit.cases.subject'),
      render: (_: unknown, c) => (
        <Space size={4}>
          <Link to={`/exit/cases/${c.key}`}>{c.subjectName}</Link>
          {c.relapsedAt ? <Tag color="red">{t('exit.cases.relapsed')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'region', title: t('exit.region'), dataIndex: 'regionName' },
    { key: 'year', title: t('exit.year'), dataIndex: 'year' },
    {
      key: 'stage',
      title: t('exit.cases.stage'),
      render: (_: unknown, c) => <Tag color={EXIT_STAGE_COLOR[c.stage]}>{exitStageLabel(t, c.stage)}</Tag>,
    },
    {
      key: 'notice',
      title: t('exit.cases.notice'),
      render: (_: unknown, c) =>
        c.noticeStartedAt ? `${formatDay(c.noticeStartedAt)} ~ ${formatDay(c.noticeEndsAt)}` : '—',
    },
    { key: 'createdAt', title: t('exit.cases.createdAt'), render: (_: unknown, c) => formatMinute(c.createdAt) },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ExitTabs />
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('exit.cases.title')}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <RegionPicker
              value={regionCode}
              onChange={(code) => set({ region: code ?? undefined })}
              style={{ minWidth: 220 }}
            />
            <Select
              value={stage}
              allowClear
              placeholder={t('exit.cases.stage')}
              onChange={(v: ExitStage | undefined) => set({ stage: v })}
              style={{ width: 160 }}
              options={EXIT_STAGES.map((s) => ({ value: s, label: exitStageLabel(t, s) }))}
            />
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void reload()} />
          </Space>
        }
      >
        <Tabs
          activeKey={level}
          onChange={(key) => set({ level: key === 'household' ? undefined : key })}
          items={(['household', 'village', 'county'] as const).map((l) => ({
            key: l,
            label: t(`exit.levelFull.${l}`),
          }))}
        />
        {error && !loading ? <Alert type="error" showIcon className="block-alert" title={errorText(error)} /> : null}
        <Table<ExitCaseView>
          rowKey="key"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          onRow={(c) => rowTestId(`exit-case-${c.key}`)}
          locale={{ emptyText: t('exit.cases.empty') }}
        />
      </Card>
    </Space>
  );
}

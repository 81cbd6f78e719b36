import { CalendarOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  fetchRegionProgress,
  fetchTeamActivity,
  fetchTeams,
  recordTeamDays,
  type TeamActivityView,
} from '../../api/householdPlans';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage } from '../errors/ErrorPage';
import type { RegionProgressRow } from '@fupin/domain';
import { ProgressSummary, SaveError, formatYuanAmount } from './shared';

function ShareBar({ done, overdue }: { done: number; overdue: number }) {
  return (
    <Progress
      percent={Math.round((done + overdue) * 100)}
      success={{ percent: Math.round(done * 100) }}
      strokeColor="#ff4d4f"
      size="small"
      format={() => `${Math.round(done * 100)}%`}
      style={{ minWidth: 140 }}
    />
  );
}

function RegionProgressTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const progress = useQuery((signal) => fetchRegionProgress(regionCode, signal), [regionCode]);
  if (progress.error && !progress.data) return <ApiErrorPage error={progress.error} />;
  const data = progress.data;
  const columns: TableColumnsType<RegionProgressRow> = [
    { key: 'name', title: t('plans.activity.region'), dataIndex: 'name' },
    { key: 'poor', title: t('plans.activity.poorHouseholds'), align: 'right', dataIndex: 'households' },
    { key: 'withPlan', title: t('plans.activity.withPlan'), align: 'right', dataIndex: 'householdsWithPlan' },
    { key: 'items', title: t('plans.progress.items'), align: 'right', render: (_: unknown, r) => r.progress.items },
    { key: 'done', title: t('plans.progress.done'), align: 'right', render: (_: unknown, r) => r.progress.done },
    {
      key: 'overdue',
      title: t('plans.progress.overdue'),
      align: 'right',
      render: (_: unknown, r) => (r.progress.overdue ? <Tag color="red">{r.progress.overdue}</Tag> : 0),
    },
    {
      key: 'share',
      title: t('plans.progress.share'),
      render: (_: unknown, r) => <ShareBar done={r.progress.doneShare} overdue={r.progress.overdueShare} />,
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {data ? <ProgressSummary progress={data.progress} testId="region-progress" /> : null}
      <Table<RegionProgressRow>
        rowKey="code"
        size="small"
        loading={progress.loading}
        columns={columns}
        dataSource={data?.children ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="region-progress-table"
      />
    </Space>
  );
}

function AttendanceModal({
  teamKey,
  activity,
  onClose,
  onSaved,
}: {
  teamKey: string;
  activity: TeamActivityView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [present, setPresent] = useState<string[]>(activity.members.map((m) => m.cadreId));
  const [error, setError] = useState<unknown>();
  const save = async () => {
    setError(undefined);
    try {
      const result = await recordTeamDays(
        teamKey,
        activity.members.map((m) => ({
          cadreId: m.cadreId,
          day: day.format('YYYY-MM-DD'),
          inVillage: present.includes(m.cadreId),
        })),
      );
      void message.success(t('plans.activity.attendanceSaved', { n: result.recorded }));
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Modal open title={t('plans.activity.attendance')} onCancel={onClose} onOk={() => void save()} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('plans.activity.attendanceDay')}>
          <DatePicker value={day} onChange={(d) => d && setDay(d)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={t('plans.activity.attendanceIn')}>
          <Checkbox.Group
            value={present}
            onChange={(values) => setPresent(values.map(String))}
            options={activity.members.map((m) => ({ value: m.cadreId, label: m.name }))}
          />
        </Form.Item>
      </Form>
      <SaveError error={error} />
    </Modal>
  );
}

function TeamRecordTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const teams = useQuery((signal) => fetchTeams(regionCode, signal), [regionCode]);
  const teamKey = params.get('team') ?? teams.data?.[0]?.key ?? '';
  const team = teams.data?.find((x) => x.key === teamKey);
  // By default the last year; for a team whose latest attendance day is older (demo data of past
  // years), the year up to that day.
  const last = team?.lastDay ? dayjs(team.lastDay) : undefined;
  const end = last && last.isBefore(dayjs().subtract(1, 'year')) ? last : dayjs();
  const [chosen, setRange] = useState<[Dayjs, Dayjs]>();
  const range: [Dayjs, Dayjs] = chosen ?? [end.subtract(1, 'year').add(1, 'day'), end];
  const [from, to] = [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')];
  const activity = useQuery(
    (signal) => (teamKey ? fetchTeamActivity(teamKey, from, to, signal) : Promise.resolve(undefined)),
    [teamKey, from, to],
  );
  const [recording, setRecording] = useState(false);
  if (teams.error && !teams.data) return <ApiErrorPage error={teams.error} />;
  if (teams.data && teams.data.length === 0) return <Empty description={t('plans.activity.noTeams')} />;
  const a = activity.data;

  const memberColumns: TableColumnsType<TeamActivityView['members'][number]> = [
    {
      key: 'name',
      title: t('plans.activity.member'),
      render: (_: unknown, m) => (
        <Space size={4}>
          {m.name}
          {m.isLeader ? <Tag color="red">{t('plans.activity.leader')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'unit', title: t('plans.activity.unit'), render: (_: unknown, m) => m.unitName ?? '—' },
    { key: 'in', title: t('plans.activity.daysIn'), align: 'right', dataIndex: 'daysInVillage' },
    { key: 'away', title: t('plans.activity.daysAway'), align: 'right', dataIndex: 'daysAway' },
    { key: 'visits', title: t('plans.activity.visits'), align: 'right', dataIndex: 'visits' },
    { key: 'measures', title: t('plans.activity.measures'), align: 'right', dataIndex: 'measures' },
  ];
  const householdColumns: TableColumnsType<TeamActivityView['households'][number]> = [
    {
      key: 'head',
      title: t('registry.head'),
      render: (_: unknown, h) => <Link to={`/households/${h.key}?tab=plan`}>{h.headName}</Link>,
    },
    { key: 'status', title: t('registry.status'), dataIndex: 'status' },
    { key: 'visits', title: t('plans.activity.visits'), align: 'right', dataIndex: 'visits' },
    { key: 'measures', title: t('plans.activity.measures'), align: 'right', dataIndex: 'measures' },
    {
      key: 'progress',
      title: t('plans.activity.householdProgress'),
      render: (_: unknown, h) =>
        h.progress.items ? <ShareBar done={h.progress.doneShare} overdue={h.progress.overdueShare} /> : '—',
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ minWidth: 320 }}
          placeholder={t('plans.activity.pickTeam')}
          loading={teams.loading}
          value={teamKey || undefined}
          onChange={(value: string) => setParams({ tab: 'team', team: value }, { replace: true })}
          options={(teams.data ?? []).map((team) => ({ value: team.key, label: `${team.name} · ${team.villageName}` }))}
          data-testid="activity-team"
        />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(values) => {
            if (values?.[0] && values[1]) setRange([values[0], values[1]]);
          }}
        />
        {a && can('assistance.visit') ? (
          <Button icon={<CalendarOutlined />} onClick={() => setRecording(true)}>
            {t('plans.activity.attendance')}
          </Button>
        ) : null}
      </Space>
      {activity.error && !activity.loading ? <SaveError error={activity.error} /> : null}
      {a ? (
        <>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 3 }}
            data-testid="activity-totals"
            items={[
              { key: 'team', label: t('plans.activity.team'), children: `${a.team.name} · ${a.team.villageName}` },
              {
                key: 'period',
                label: t('plans.activity.period'),
                children: `${a.from} — ${a.to} · ${t('plans.activity.periodDays', { days: a.periodDays })}`,
              },
              { key: 'days', label: t('plans.activity.daysIn'), children: a.totals.daysInVillage },
              { key: 'visits', label: t('plans.activity.visits'), children: a.totals.visits },
              {
                key: 'visited',
                label: t('plans.activity.householdsVisited'),
                children: `${a.totals.householdsVisited} / ${a.totals.households}`,
              },
              {
                key: 'measures',
                label: t('plans.activity.measures'),
                children: `${a.totals.measures} · ${formatYuanAmount(a.totals.measuresAmount)}`,
              },
            ]}
          />
          <ProgressSummary progress={a.progress} />
          <Table
            rowKey="cadreId"
            size="small"
            columns={memberColumns}
            dataSource={a.members}
            pagination={false}
            data-testid="activity-members"
          />
          <Table
            rowKey="key"
            size="small"
            columns={householdColumns}
            dataSource={a.households}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="activity-households"
          />
        </>
      ) : null}
      {recording && a ? (
        <AttendanceModal
          teamKey={teamKey}
          activity={a}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            void activity.reload();
          }}
        />
      ) : null}
    </Space>
  );
}

/** `/household-plans` — plan progress of a region and the work teams' activity records. */
export function TeamActivityPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [regionCode, setRegionCode] = useState(user.regionCode);
  usePageMeta([{ title: t('plans.activity.title') }]);
  const tab = params.get('tab') === 'team' ? 'team' : 'progress';
  return (
    <Card
      title={t('plans.activity.title')}
      extra={
        <RegionPicker
          value={regionCode}
          onChange={(code) => setRegionCode(code ?? user.regionCode)}
          style={{ minWidth: 260 }}
          data-testid="activity-region"
        />
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(next) => setParams(next === 'progress' ? {} : { tab: next }, { replace: true })}
        items={[
          {
            key: 'progress',
            label: t('plans.activity.progressTab'),
            children: <RegionProgressTab regionCode={regionCode} />,
          },
          { key: 'team', label: t('plans.activity.teamTab'), children: <TeamRecordTab regionCode={regionCode} /> },
        ]}
      />
    </Card>
  );
}

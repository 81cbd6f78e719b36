import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { createTeam, endTeam, fetchAssistanceSettings, fetchTeams, type WorkTeamView } from '../../api/assistance';
import { useAuth } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, FormModal, UnitSelect } from './shared';

interface TeamForm {
  villageCode: string;
  name: string;
  unitIds: string[];
  leaderCadreId?: string;
  startOn: Dayjs;
}

function CreateTeamModal({
  regionCode,
  onClose,
  onSaved,
}: {
  regionCode: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<TeamForm>();
  const village = Form.useWatch('villageCode', form);
  const settings = useQuery((signal) => fetchAssistanceSettings(signal), []);
  const min = settings.data?.teamMinUnits ?? 3;
  return (
    <FormModal
      title={t('assist.team.new')}
      form={form}
      write={(v: TeamForm) =>
        createTeam({
          villageCode: v.villageCode,
          name: v.name,
          unitIds: v.unitIds,
          leaderCadreId: v.leaderCadreId ?? null,
          startOn: v.startOn.format('YYYY-MM-DD'),
        })
      }
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{
        startOn: dayjs(),
        unitIds: [],
        villageCode: regionCode.length === 12 ? regionCode : undefined,
      }}
      showSaving
    >
      <Form.Item name="villageCode" label={t('assist.village')} rules={[{ required: true }]}>
        <RegionPicker isSelectable={(n) => n.level === 'village'} data-testid="team-village" />
      </Form.Item>
      <Form.Item name="name" label={t('assist.team.name')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="team-name" />
      </Form.Item>
      <Form.Item
        name="unitIds"
        label={t('assist.team.units', { n: min })}
        rules={[
          {
            validator: async (_r, v: string[] | undefined) =>
              (v?.length ?? 0) >= min ? undefined : Promise.reject(new Error(t('assist.team.units', { n: min }))),
          },
        ]}
      >
        <UnitSelect regionCode={village ?? regionCode} kind="department" multiple testId="team-units" />
      </Form.Item>
      <Form.Item name="leaderCadreId" label={t('assist.team.leader')}>
        <CadreSelect regionCode={village ?? regionCode} testId="team-leader" />
      </Form.Item>
      <Form.Item name="startOn" label={t('assist.startOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

function EndTeamModal({
  team,
  teams,
  onClose,
  onSaved,
}: {
  team: WorkTeamView;
  teams: WorkTeamView[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string; endedOn: Dayjs; successorKey?: string }>();
  const successors = teams.filter(
    (x) => x.villageCode === team.villageCode && x.status === 'active' && x.key !== team.key,
  );
  return (
    <FormModal
      title={t('assist.team.endTitle', { name: team.name })}
      form={form}
      write={(v: { reason: string; endedOn: Dayjs; successorKey?: string }) =>
        endTeam(team.key, {
          reason: v.reason,
          endedOn: v.endedOn.format('YYYY-MM-DD'),
          successorKey: v.successorKey,
        })
      }
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ endedOn: dayjs() }}
    >
      <Form.Item name="successorKey" label={t('assist.team.successor')} extra={t('assist.team.successorHint')}>
        <Select allowClear options={successors.map((s) => ({ value: s.key, label: `${s.name}（${s.startOn}）` }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('assist.reason')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="endedOn" label={t('assist.endOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

/** Work teams stationed in the region's villages (驻村工作队). */
export function TeamsTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<WorkTeamView | null>(null);
  const { data, error, loading, reload } = useQuery((signal) => fetchTeams({ regionCode }, signal), [regionCode]);
  if (error) return <ApiErrorPage error={error} />;
  const teams = data?.items ?? [];
  const saved = () => {
    setCreating(false);
    setEnding(null);
    void message.success(t('assist.saved'));
    void reload();
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('assistance.write') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="team-new">
          {t('assist.team.new')}
        </Button>
      ) : null}
      <Table<WorkTeamView>
        size="small"
        rowKey="key"
        loading={loading}
        dataSource={teams}
        data-testid="teams-table"
        scroll={{ x: 900 }}
        columns={[
          { key: 'village', title: t('assist.village'), render: (_v, r) => r.villageName },
          { key: 'name', title: t('assist.team.name'), dataIndex: 'name' },
          {
            key: 'units',
            title: t('assist.org.units'),
            render: (_v, r) =>
              r.units.map((u) => (
                <Tag key={u.id} color={u.isLead ? 'blue' : undefined}>
                  {u.name}
                </Tag>
              )),
          },
          {
            key: 'leader',
            title: t('assist.team.leader'),
            render: (_v, r) => (r.leader ? `${r.leader.name} ${r.leader.phone ?? ''}` : '—'),
          },
          {
            key: 'members',
            title: t('assist.team.members'),
            render: (_v, r) =>
              r.members
                .filter((m) => m.toOn === null)
                .map((m) => `${m.name}${m.resident ? '' : `（${t('assist.team.notResident')}）`}`)
                .join('、'),
          },
          {
            key: 'period',
            title: t('assist.startOn'),
            render: (_v, r) => `${r.startOn} → ${r.endedOn ?? r.plannedEndOn ?? ''}`,
          },
          {
            key: 'status',
            title: '',
            render: (_v, r) => (
              <Tag color={r.status === 'active' ? 'green' : 'default'}>
                {t(r.status === 'active' ? 'assist.status.active' : 'assist.status.ended')}
              </Tag>
            ),
          },
          {
            key: 'actions',
            title: '',
            render: (_v, r) =>
              r.status === 'active' && can('assistance.write') ? (
                <Button size="small" onClick={() => setEnding(r)}>
                  {t('assist.team.end')}
                </Button>
              ) : null,
          },
        ]}
      />
      {creating ? <CreateTeamModal regionCode={regionCode} onClose={() => setCreating(false)} onSaved={saved} /> : null}
      {ending ? <EndTeamModal team={ending} teams={teams} onClose={() => setEnding(null)} onSaved={saved} /> : null}
    </Space>
  );
}

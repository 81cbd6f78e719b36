import { SIX_VILLAGE_STANDARDS, isWithinScope, type SixVillageStandard } from '@fupin/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  fetchCountyAssessments,
  fetchVillageFacts,
  saveCountyAssessment,
  saveVillageFacts,
  type CountyAssessmentBody,
  type CountyAssessmentRow,
  type VillageFactsView,
} from '../../api/exit';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { rowTestId } from '../../components/testIds';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ExitTabs } from './ExitTabs';
import { DEFAULT_EXIT_YEAR, EXIT_YEARS, percent, useExitErrorText } from './labels';

interface VillageForm {
  collectiveIncome: number | null;
  disposableIncome: number | null;
  ruralPopulation: number | null;
  six: SixVillageStandard[];
}

function VillageFactsTable({ regionCode, year }: { regionCode: string; year: number }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const [editing, setEditing] = useState<VillageFactsView | null>(null);
  const [form] = Form.useForm<VillageForm>();
  const { data, error, loading, reload } = useQuery(
    (signal) => (regionCode.length >= 6 ? fetchVillageFacts(regionCode, year, signal) : Promise.resolve({ items: [] })),
    [regionCode, year],
  );
  if (regionCode.length < 6) return <Alert type="info" showIcon title={t('exit.facts.pickCounty')} />;
  const yuan = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));
  const columns: TableColumnsType<VillageFactsView> = [
    { key: 'name', title: t('exit.col.village'), dataIndex: 'villageName' },
    {
      key: 'coll',
      title: t('exit.facts.collectiveIncome'),
      align: 'right',
      render: (_: unknown, v) => yuan(v.collectiveIncome),
    },
    {
      key: 'disp',
      title: t('exit.facts.disposableIncome'),
      align: 'right',
      render: (_: unknown, v) => yuan(v.disposableIncome),
    },
    {
      key: 'pop',
      title: t('exit.facts.ruralPopulation'),
      align: 'right',
      render: (_: unknown, v) =>
        v.ruralPopulation === null ? (
          <Typography.Text type="secondary">{v.effectivePopulation.toLocaleString('en-US')}*</Typography.Text>
        ) : (
          v.ruralPopulation.toLocaleString('en-US')
        ),
    },
    {
      key: 'six',
      title: t('exit.facts.six'),
      render: (_: unknown, v) => `${SIX_VILLAGE_STANDARDS.filter((s) => v.sixStandards[s] === true).length}/6`,
    },
    {
      key: 'edit',
      title: t('common.actions'),
      render: (_: unknown, v) =>
        can('exit.write') ? (
          <Button
            size="small"
            type="link"
            onClick={() => {
              form.setFieldsValue({
                collectiveIncome: v.collectiveIncome,
                disposableIncome: v.disposableIncome,
                ruralPopulation: v.ruralPopulation,
                six: SIX_VILLAGE_STANDARDS.filter((s) => v.sixStandards[s] === true),
              });
              setEditing(v);
            }}
          >
            {t('exit.facts.edit')}
          </Button>
        ) : null,
    },
  ];
  const save = async () => {
    if (!editing) return;
    const values = await form.validateFields();
    try {
      await saveVillageFacts(editing.villageCode, year, {
        collectiveIncome: values.collectiveIncome ?? null,
        disposableIncome: values.disposableIncome ?? null,
        ruralPopulation: values.ruralPopulation ?? null,
        sixStandards: Object.fromEntries(SIX_VILLAGE_STANDARDS.map((s) => [s, values.six.includes(s)])),
      });
      void message.success(t('exit.facts.saved'));
      setEditing(null);
      await reload();
    } catch (caught) {
      void message.error(errorText(caught));
    }
  };
  return (
    <>
      {error && !loading ? <Alert type="error" showIcon className="block-alert" title={errorText(error)} /> : null}
      <Table<VillageFactsView>
        rowKey="villageCode"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(v) => rowTestId(`exit-facts-${v.villageCode}`)}
        scroll={{ x: 'max-content' }}
      />
      <Modal
        open={editing !== null}
        title={editing ? `${editing.villageName} · ${year}` : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form<VillageForm> form={form} layout="vertical">
          <Form.Item name="collectiveIncome" label={t('exit.facts.collectiveIncome')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="disposableIncome" label={t('exit.facts.disposableIncome')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="ruralPopulation"
            label={t('exit.facts.ruralPopulation')}
            extra={editing ? t('exit.facts.defaultPopulation', { n: editing.effectivePopulation }) : undefined}
          >
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="six" label={t('exit.facts.six')}>
            <Checkbox.Group options={SIX_VILLAGE_STANDARDS.map((s) => ({ value: s, label: t(`exit.six.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const ASSESSMENT_FIELDS = [
  'sampledExited',
  'wronglyExited',
  'sampledPopulation',
  'missed',
  'surveyed',
  'satisfied',
] as const;

function CountyAssessments({ regionCode, year }: { regionCode: string; year: number }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const [editing, setEditing] = useState<CountyAssessmentRow | null>(null);
  const [form] = Form.useForm<CountyAssessmentBody>();
  const { data, loading, reload } = useQuery(
    (signal) => fetchCountyAssessments(regionCode, year, signal),
    [regionCode, year],
  );
  const columns: TableColumnsType<CountyAssessmentRow> = [
    { key: 'name', title: t('exit.col.name'), dataIndex: 'countyName' },
    {
      key: 'rates',
      title: t('exit.facts.counties'),
      render: (_: unknown, r) => {
        const a = r.assessment;
        if (!a) return <Typography.Text type="secondary">{t('exit.facts.none')}</Typography.Text>;
        return t('exit.facts.rates', {
          wrong: percent(a.sampledExited ? a.wronglyExited / a.sampledExited : 0),
          missed: percent(a.sampledPopulation ? a.missed / a.sampledPopulation : 0),
          approval: percent(a.surveyed ? a.satisfied / a.surveyed : null),
        });
      },
    },
    {
      key: 'edit',
      title: t('common.actions'),
      render: (_: unknown, r) =>
        can('exit.review') ? (
          <Button
            size="small"
            type="link"
            onClick={() => {
              form.setFieldsValue(
                r.assessment ?? {
                  sampledExited: 0,
                  wronglyExited: 0,
                  sampledPopulation: 0,
                  missed: 0,
                  surveyed: 0,
                  satisfied: 0,
                },
              );
              setEditing(r);
            }}
          >
            {t('exit.facts.edit')}
          </Button>
        ) : null,
    },
  ];
  const save = async () => {
    if (!editing) return;
    const values = await form.validateFields();
    try {
      await saveCountyAssessment(editing.countyCode, year, values);
      void message.success(t('exit.facts.saved'));
      setEditing(null);
      await reload();
    } catch (caught) {
      void message.error(errorText(caught));
    }
  };
  return (
    <>
      <Table<CountyAssessmentRow>
        rowKey="countyCode"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      />
      <Modal
        open={editing !== null}
        title={editing ? `${editing.countyName} · ${year}` : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form<CountyAssessmentBody> form={form} layout="vertical">
          {ASSESSMENT_FIELDS.map((f) => (
            <Form.Item key={f} name={f} label={t(`exit.facts.${f}`)} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}

/** `/exit/facts` — what officers enter: village data per year and the counties' third-party figures. */
export function FactsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  usePageMeta([{ title: t('exit.title'), to: '/exit' }, { title: t('exit.tab.facts') }]);
  const regionParam = params.get('region');
  const regionCode = regionParam && isWithinScope(user.regionCode, regionParam) ? regionParam : user.regionCode;
  const year = Number(params.get('year') ?? DEFAULT_EXIT_YEAR);
  const set = (k: string, v: string | undefined) => {
    const search = new URLSearchParams(params);
    if (v) search.set(k, v);
    else search.delete(k);
    setParams(search, { replace: true });
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ExitTabs />
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('exit.tab.facts')}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <Select
              value={year}
              onChange={(y) => set('year', String(y))}
              options={EXIT_YEARS.map((y) => ({ value: y, label: String(y) }))}
              style={{ width: 100 }}
            />
            <RegionPicker
              value={regionCode}
              onChange={(c) => set('region', c ?? undefined)}
              style={{ minWidth: 220 }}
            />
          </Space>
        }
      >
        <Tabs
          items={[
            {
              key: 'villages',
              label: t('exit.facts.villages'),
              children: <VillageFactsTable regionCode={regionCode} year={year} />,
            },
            ...(regionCode.length <= 6
              ? [
                  {
                    key: 'counties',
                    label: t('exit.facts.counties'),
                    children: <CountyAssessments regionCode={regionCode} year={year} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { MEASURE_UNITS, type MeasureType } from '@fupin/domain';
import { AutoComplete, Button, DatePicker, Form, Input, InputNumber, Select, Skeleton, Space } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { fetchMeasures, fetchPlan, recordMeasure, type MeasureView } from '../../api/householdPlans';
import type { MemberView } from '../../api/registry';
import { useAuth } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, RecordModal, RecordTable } from './RecordModal';
import { formatYuanAmount, useMeasureTypeOptions, useMeasureTypeText } from './shared';

interface MeasureForm {
  measureType: MeasureType;
  content: string;
  date: Dayjs;
  amount?: number | null;
  quantity?: number | null;
  unit?: string;
  planItemId?: string | null;
  beneficiaryIds?: string[];
  cadreId?: string | null;
}

function MeasureModal({
  householdKey,
  members,
  onClose,
  onSaved,
}: {
  householdKey: string;
  members: MemberView[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<MeasureForm>();
  const typeOptions = useMeasureTypeOptions();
  const typeText = useMeasureTypeText();
  const plan = useQuery((signal) => fetchPlan(householdKey, signal), [householdKey]);

  const write = (v: MeasureForm) =>
    recordMeasure(householdKey, {
      measureType: v.measureType,
      content: v.content,
      date: v.date.format('YYYY-MM-DD'),
      amount: v.amount ?? null,
      quantity: v.quantity ?? null,
      unit: v.quantity ? (v.unit ?? null) : null,
      planItemId: v.planItemId ?? null,
      beneficiaryIds: v.beneficiaryIds ?? [],
      cadreId: v.cadreId ?? null,
    });

  return (
    <RecordModal<MeasureForm>
      title={t('plans.measure.add')}
      okId="measure-save"
      form={form}
      savedText={t('plans.measure.saved')}
      write={write}
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ date: dayjs(), measureType: 'industry' }}
      onValuesChange={(changed: Partial<MeasureForm>) => {
        // Picking a plan item takes its measure type.
        if (changed.planItemId) {
          const item = plan.data?.items.find((i) => i.id === changed.planItemId);
          if (item) form.setFieldValue('measureType', item.measureType);
        }
      }}
    >
      <Form.Item name="planItemId" label={t('plans.measure.planItem')}>
        <Select
          allowClear
          options={(plan.data?.items ?? [])
            .filter((i) => i.status !== 'cancelled')
            .map((i) => ({ value: i.id, label: `${typeText(i.measureType)} · ${i.target}` }))}
        />
      </Form.Item>
      <Form.Item name="measureType" label={t('plans.measure.measureType')} rules={[{ required: true }]}>
        <Select options={typeOptions} data-testid="measure-type" />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('plans.measure.content')}
        rules={[{ required: true, whitespace: true, max: 500 }]}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid="measure-content" />
      </Form.Item>
      <Space size={16} wrap>
        <Form.Item name="date" label={t('plans.measure.date')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="amount" label={t('plans.measure.amount')} extra={t('plans.measure.valueHint')}>
          <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid="measure-amount" />
        </Form.Item>
        <Form.Item name="quantity" label={t('plans.measure.quantity')}>
          <InputNumber min={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="unit" label={t('plans.measure.unit')}>
          <AutoComplete style={{ width: 100 }} options={MEASURE_UNITS.map((u) => ({ value: u }))} />
        </Form.Item>
      </Space>
      <Form.Item name="beneficiaryIds" label={t('plans.measure.beneficiaries')}>
        <Select mode="multiple" options={members.map((m) => ({ value: m.id, label: `${m.name}（${m.relation}）` }))} />
      </Form.Item>
      <Form.Item name="cadreId" label={t('plans.measure.cadre')}>
        <CadreSelect householdKey={householdKey} />
      </Form.Item>
    </RecordModal>
  );
}

/** 帮扶措施: the measures delivered to the household, newest first. */
export function MeasuresTab({ householdKey, members }: { householdKey: string; members: MemberView[] }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const typeText = useMeasureTypeText();
  const measures = useQuery((signal) => fetchMeasures(householdKey, signal), [householdKey]);
  const [adding, setAdding] = useState(false);

  if (measures.error && !measures.data) return <ApiErrorPage error={measures.error} />;
  if (!measures.data) return <Skeleton active paragraph={{ rows: 6 }} />;

  const columns: TableColumnsType<MeasureView> = [
    { key: 'date', title: t('plans.measure.date'), dataIndex: 'date', className: 'nowrap' },
    { key: 'type', title: t('plans.measure.measureType'), render: (_: unknown, m) => typeText(m.measureType) },
    { key: 'content', title: t('plans.measure.content'), dataIndex: 'content' },
    {
      key: 'amount',
      title: t('plans.measure.amount'),
      align: 'right',
      render: (_: unknown, m) => formatYuanAmount(m.amount),
    },
    {
      key: 'quantity',
      title: t('plans.measure.quantity'),
      render: (_: unknown, m) => (m.quantity === null ? '—' : `${m.quantity} ${m.unit ?? ''}`),
    },
    {
      key: 'beneficiaries',
      title: t('plans.measure.beneficiaries'),
      render: (_: unknown, m) => m.beneficiaries.map((b) => b.name).join('、') || '—',
    },
    { key: 'cadre', title: t('plans.measure.cadre'), render: (_: unknown, m) => m.cadre?.name ?? '—' },
    { key: 'by', title: t('plans.measure.recordedBy'), dataIndex: 'recordedBy', responsive: ['lg'] },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {can('assistance.visit') ? (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="measure-add">
          {t('plans.measure.add')}
        </Button>
      ) : null}
      <RecordTable<MeasureView>
        columns={columns}
        dataSource={measures.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        emptyText={t('plans.measure.empty')}
        data-testid="measures-table"
      />
      {adding ? (
        <MeasureModal
          householdKey={householdKey}
          members={members}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void measures.reload();
          }}
        />
      ) : null}
    </Space>
  );
}

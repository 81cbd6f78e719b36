import { DeleteOutlined, EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  PLAN_ITEM_STATUSES,
  PLAN_ITEM_STATUS_LABELS,
  suggestedMeasures,
  type MeasureType,
  type PlanItemStatus,
} from '@fupin/domain';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { createPlanItem, deletePlanItem, fetchPlan, updatePlanItem, type PlanItemView } from '../../api/householdPlans';
import { useAuth } from '../../auth/AuthProvider';
import { useNotifyError } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, RecordModal, RecordTable } from './RecordModal';
import { PlanStatusTag, ProgressSummary, formatYuanAmount, useMeasureTypeOptions, useMeasureTypeText } from './shared';

interface ItemForm {
  measureType: MeasureType;
  target: string;
  targetAmount?: number | null;
  dueDate: Dayjs;
  status: PlanItemStatus;
  cadreId?: string | null;
}

function ItemModal({
  householdKey,
  item,
  mainCause,
  onClose,
  onSaved,
}: {
  householdKey: string;
  item: PlanItemView | 'new';
  mainCause: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ItemForm>();
  const typeOptions = useMeasureTypeOptions();
  const typeText = useMeasureTypeText();
  const editing = item === 'new' ? undefined : item;
  const suggested = suggestedMeasures(mainCause);

  const write = async (values: ItemForm) => {
    const body = {
      measureType: values.measureType,
      target: values.target,
      targetAmount: values.targetAmount ?? null,
      dueDate: values.dueDate.format('YYYY-MM-DD'),
      status: values.status,
      cadreId: values.cadreId ?? null,
    };
    if (editing) await updatePlanItem(householdKey, editing.id, { ...body, version: editing.version });
    else await createPlanItem(householdKey, body);
  };

  return (
    <RecordModal<ItemForm>
      title={editing ? t('plans.item.edit') : t('plans.item.add')}
      okId="plan-item-save"
      form={form}
      savedText={t('plans.item.saved')}
      write={write}
      onClose={onClose}
      onSaved={onSaved}
      initialValues={
        editing
          ? {
              measureType: editing.measureType,
              target: editing.target,
              targetAmount: editing.targetAmount,
              dueDate: dayjs(editing.dueDate),
              status: editing.status,
              cadreId: editing.cadre?.id ?? null,
            }
          : { measureType: suggested[0], status: 'planned', dueDate: dayjs().add(6, 'month') }
      }
    >
      <Form.Item
        name="measureType"
        label={t('plans.item.measureType')}
        rules={[{ required: true }]}
        extra={t('plans.item.suggested', { types: suggested.map(typeText).join('、') })}
      >
        <Select options={typeOptions} data-testid="plan-item-type" />
      </Form.Item>
      <Form.Item name="target" label={t('plans.item.target')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input.TextArea rows={2} maxLength={200} showCount data-testid="plan-item-target" />
      </Form.Item>
      <Space size={16} wrap>
        <Form.Item name="targetAmount" label={t('plans.item.targetAmount')}>
          <InputNumber min={0} precision={2} style={{ width: 180 }} data-testid="plan-item-amount" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('plans.item.dueDate')} rules={[{ required: true }]}>
          <DatePicker
            data-testid="plan-item-due"
            disabledDate={editing ? undefined : (d) => d.isBefore(dayjs(), 'day')}
          />
        </Form.Item>
        <Form.Item name="status" label={t('plans.item.status')}>
          <Select
            style={{ width: 140 }}
            options={PLAN_ITEM_STATUSES.map((s) => ({ value: s, label: PLAN_ITEM_STATUS_LABELS[s][locale] }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="cadreId" label={t('plans.item.cadre')}>
        <CadreSelect householdKey={householdKey} />
      </Form.Item>
    </RecordModal>
  );
}

/** 帮扶计划: the household's plan items (一户一策) with their progress. */
export function PlanTab({ householdKey, mainCause }: { householdKey: string; mainCause: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const typeText = useMeasureTypeText();
  const plan = useQuery((signal) => fetchPlan(householdKey, signal), [householdKey]);
  const [editing, setEditing] = useState<PlanItemView | 'new'>();
  const writable = can('assistance.visit');

  if (plan.error && !plan.data) return <ApiErrorPage error={plan.error} />;
  if (!plan.data) return <Skeleton active paragraph={{ rows: 6 }} />;

  const remove = async (item: PlanItemView) => {
    try {
      await deletePlanItem(householdKey, item.id);
      void message.success(t('plans.item.deleted'));
      await plan.reload();
    } catch (caught) {
      notifyError(caught);
    }
  };

  const columns: TableColumnsType<PlanItemView> = [
    { key: 'type', title: t('plans.item.measureType'), render: (_: unknown, i) => typeText(i.measureType) },
    { key: 'target', title: t('plans.item.target'), dataIndex: 'target' },
    {
      key: 'amount',
      title: t('plans.item.targetAmount'),
      align: 'right',
      render: (_: unknown, i) => formatYuanAmount(i.targetAmount),
    },
    {
      key: 'delivered',
      title: t('plans.item.delivered'),
      align: 'right',
      render: (_: unknown, i) => formatYuanAmount(i.deliveredAmount),
    },
    { key: 'due', title: t('plans.item.dueDate'), dataIndex: 'dueDate', className: 'nowrap' },
    {
      key: 'status',
      title: t('plans.item.status'),
      render: (_: unknown, i) => <PlanStatusTag status={i.status} overdue={i.overdue} />,
    },
    { key: 'cadre', title: t('plans.item.cadre'), render: (_: unknown, i) => i.cadre?.name ?? '—' },
    ...(writable
      ? [
          {
            key: 'actions',
            title: '',
            render: (_: unknown, i: PlanItemView) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('plans.item.edit')}
                  onClick={() => setEditing(i)}
                />
                <Popconfirm title={t('plans.item.deleteConfirm')} onConfirm={() => void remove(i)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('plans.item.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('plans.progress')}
        </Typography.Title>
        <Space wrap>
          {writable ? (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="plan-item-add">
              {t('plans.item.add')}
            </Button>
          ) : null}
          {writable ? (
            <Button
              icon={<PrinterOutlined />}
              data-testid="wall-card-open"
              onClick={() => void navigate(`/households/${householdKey}/wall-card`)}
            >
              {t('plans.card.open')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <ProgressSummary progress={plan.data.progress} testId="plan-progress" />
      <RecordTable<PlanItemView>
        columns={columns}
        dataSource={plan.data.items}
        pagination={false}
        emptyText={t('plans.item.empty')}
        data-testid="plan-items"
      />
      {editing ? (
        <ItemModal
          householdKey={householdKey}
          item={editing}
          mainCause={mainCause}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void plan.reload();
          }}
        />
      ) : null}
    </Space>
  );
}

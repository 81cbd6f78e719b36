import { App, Button, Form, InputNumber, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchTimetable, savePlan, savePlanYears, type RegionPlan } from '../../api/progress';
import { useNotifyError } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';

interface PlanForm {
  exitYear: number;
  reliefYear?: number | null;
  batch?: number | null;
  note?: string | null;
  years?: { year: number; households: number; people: number }[];
}

export interface PlanModalProps {
  code: string | null;
  onClose: (saved: boolean) => void;
}

/** Edits one region's planned exit year and, for a village, its planned exits per year. */
export function PlanModal({ code, onClose }: PlanModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<PlanForm>();
  const [plan, setPlan] = useState<RegionPlan | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setPlan(null);
    if (!code) return undefined;
    const controller = new AbortController();
    fetchTimetable(code, controller.signal).then(({ region }) => {
      setPlan(region);
      form.setFieldsValue({
        exitYear: region.exitYear ?? 2019,
        reliefYear: region.reliefYear,
        batch: region.batch,
        note: region.note,
        years: region.years,
      });
    }, notifyError);
    return () => controller.abort();
  }, [code, form, notifyError]);

  const isVillage = plan?.level === 'village';
  const submit = async (values: PlanForm) => {
    if (!code || !plan) return;
    setSaving(true);
    try {
      await savePlan(code, {
        exitYear: values.exitYear,
        reliefYear: values.reliefYear ?? null,
        batch: values.batch ?? null,
        note: values.note ?? null,
        ...(plan.version === null ? {} : { version: plan.version }),
      });
      if (isVillage) await savePlanYears(code, values.years ?? []);
      void message.success(t('plan.saved'));
      onClose(true);
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={code !== null}
      title={plan ? t('plan.title', { name: plan.name }) : t('plan.edit')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<PlanForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={!plan}>
        <Form.Item name="exitYear" label={t('plan.exitYear')} rules={[{ required: true }]}>
          <InputNumber min={2014} max={2030} />
        </Form.Item>
        <Space>
          <Form.Item name="reliefYear" label={t('plan.reliefYear')}>
            <InputNumber min={2014} max={2030} />
          </Form.Item>
          <Form.Item name="batch" label={t('plan.batch')}>
            <InputNumber min={1} max={20} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('plan.note')}>
          <Input maxLength={200} />
        </Form.Item>
        {isVillage ? (
          <>
            <Typography.Text strong>{t('plan.years')}</Typography.Text>
            <Form.List name="years">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <Form.Item name={[field.name, 'year']} rules={[{ required: true }]}>
                        <InputNumber min={2014} max={2030} aria-label={t('map.year')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'households']} rules={[{ required: true }]}>
                        <InputNumber min={0} addonAfter={t('plan.households')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'people']} rules={[{ required: true }]}>
                        <InputNumber min={0} addonAfter={t('plan.people')} />
                      </Form.Item>
                      <Button onClick={() => remove(field.name)}>−</Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ year: 2019, households: 0, people: 0 })}>{t('plan.addYear')}</Button>
                </>
              )}
            </Form.List>
          </>
        ) : (
          <Typography.Text type="secondary">{t('plan.yearsHint')}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

import { CheckCircleOutlined, CloseCircleOutlined, FieldTimeOutlined, SendOutlined } from '@ant-design/icons';
import { STEP_LEVEL, canTakeStep, type IdentificationSettings, type IdentificationStep } from '@fupin/domain';
import { Alert, App, Button, Card, Form, Input, Radio, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  stepRefusalOf,
  takeIdentificationStep,
  type IdentificationCaseDetail,
  type StepBody,
} from '../../api/identification';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';
import { formatMinute, levelLabel, stepLabel, useStepErrorText } from './labels';
import { remainingParts, useNow } from './useNow';
import { nextStep, rememberedSpotCheck, reviewLevel, roleReaches, spotCheckRegion } from './workflow';

interface StepValues {
  outcome: 'pass' | 'fail';
  note?: string;
  objection?: string;
  finding?: string;
}

/** Steps that start a notice have nothing to object to yet. */
function takesObjection(step: IdentificationStep): boolean {
  return step !== 'startFirstNotice' && step !== 'startSecondNotice';
}

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  return text === '' ? undefined : text;
}

export interface StepActionPanelProps {
  detail: IdentificationCaseDetail;
  settings: IdentificationSettings | undefined;
  /** Called after a step was recorded, to load the case again. */
  onTaken: () => Promise<void>;
}

/** The next step of a case, offered only to a user who may take it now; otherwise why not. */
export function StepActionPanel({ detail, settings, onTaken }: StepActionPanelProps) {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const step = nextStep(detail.stage);
  const noticeEnd = step && reviewLevel(step) && detail.noticeEndsAt ? new Date(detail.noticeEndsAt).getTime() : null;
  const now = useNow(1000, noticeEnd);

  if (!step) {
    return (
      <Card size="small" title={t('ident.case.result')}>
        {detail.stage === 'registered' ? (
          <Result
            status="success"
            className="ident-result"
            title={t('ident.case.registered')}
            extra={
              detail.householdKey ? (
                <Link to={`/households/${detail.householdKey}`} data-testid="ident-household-link">
                  {t('ident.case.openHousehold')}
                </Link>
              ) : null
            }
          />
        ) : (
          <Result status="error" className="ident-result" title={t('ident.case.rejected')} />
        )}
      </Card>
    );
  }

  const level = STEP_LEVEL[step];
  const title = <span data-testid="ident-next-step">{t('ident.case.next', { step: stepLabel(t, step) })}</span>;
  if (!can('registry.write') || !roleReaches(user.role, level)) {
    return (
      <Card size="small" title={title}>
        <Alert
          type="info"
          showIcon
          title={t('ident.case.waitingFor', { level: levelLabel(t, level), step: stepLabel(t, step) })}
        />
      </Card>
    );
  }

  const startedAt = detail.noticeStartedAt ? new Date(detail.noticeStartedAt) : null;
  const refusal = settings ? canTakeStep(step, detail.stage, startedAt, now, settings) : null;
  if (refusal === 'noticeRunning' && detail.noticeEndsAt) {
    const { days, hms } = remainingParts(new Date(detail.noticeEndsAt).getTime(), now.getTime());
    return (
      <Card size="small" title={title}>
        <Space orientation="vertical" size={8} data-testid="ident-notice-running">
          <Typography.Text>
            <FieldTimeOutlined /> {t('ident.case.noticeRunning', { end: formatMinute(detail.noticeEndsAt) })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('ident.case.remaining')}</Typography.Text>
          <span className="ident-countdown" data-testid="ident-countdown">
            {t('ident.case.days', { d: days, hms })}
          </span>
        </Space>
      </Card>
    );
  }

  return (
    <Card size="small" title={title}>
      <StepForm key={`${detail.key}-${step}`} detail={detail} step={step} onTaken={onTaken} />
    </Card>
  );
}

function StepForm({
  detail,
  step,
  onTaken,
}: {
  detail: IdentificationCaseDetail;
  step: IdentificationStep;
  onTaken: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const stepErrorText = useStepErrorText();
  const [form] = Form.useForm<StepValues>();
  const outcome = Form.useWatch('outcome', form) ?? 'pass';
  const [error, setError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const review = reviewLevel(step);
  const remembered = review ? rememberedSpotCheck(review, detail.villageCode) : undefined;
  const sampledHere = remembered?.sampled.includes(detail.key) ?? false;
  const [findingRequired, setFindingRequired] = useState(sampledHere);

  const send = async (values: StepValues) => {
    setSaving(true);
    setError(undefined);
    const body: StepBody = { step, outcome: values.outcome };
    const note = trimmed(values.note);
    const objection = trimmed(values.objection);
    const finding = trimmed(values.finding);
    if (note) body.note = note;
    if (objection) body.objection = objection;
    if (finding) body.finding = finding;
    try {
      await takeIdentificationStep(detail.key, body);
      void message.success(t('ident.case.done', { step: stepLabel(t, step) }));
      await onTaken();
    } catch (caught) {
      if (stepRefusalOf(caught) === 'findingRequired') setFindingRequired(true);
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: StepValues) => {
    if (values.outcome === 'fail') {
      modal.confirm({
        title: t('ident.case.confirmFail'),
        okText: t('common.ok'),
        cancelText: t('common.cancel'),
        okButtonProps: { danger: true },
        onOk: () => send(values),
      });
    } else {
      void send(values);
    }
  };

  const spotRegion = review ? spotCheckRegion(review, detail.villageCode) : undefined;
  return (
    <Form<StepValues>
      form={form}
      layout="vertical"
      initialValues={{ outcome: 'pass' }}
      onFinish={submit}
      data-testid="ident-step-form"
    >
      {sampledHere ? (
        <Alert type="warning" showIcon className="block-alert" title={t('ident.case.sampledHere')} />
      ) : null}
      <Form.Item name="outcome" label={t('ident.case.outcome')}>
        <Radio.Group buttonStyle="solid">
          <Radio.Button value="pass">
            <span data-testid="ident-outcome-pass">
              <CheckCircleOutlined /> {t('ident.case.pass')}
            </span>
          </Radio.Button>
          <Radio.Button value="fail">
            <span data-testid="ident-outcome-fail">
              <CloseCircleOutlined /> {t('ident.case.fail')}
            </span>
          </Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="note"
        label={t('ident.case.note')}
        rules={outcome === 'fail' ? [{ required: true, whitespace: true, message: t('ident.case.noteRequired') }] : []}
      >
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={step === 'appraise' ? t('ident.case.notePlaceholder') : undefined}
          data-testid="ident-note"
        />
      </Form.Item>
      {takesObjection(step) ? (
        <Form.Item name="objection" label={t('ident.case.objection')}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('ident.case.objectionPlaceholder')}
            data-testid="ident-objection"
          />
        </Form.Item>
      ) : null}
      {review ? (
        <Form.Item
          name="finding"
          label={t('ident.case.finding')}
          extra={t('ident.case.findingHint')}
          rules={
            findingRequired ? [{ required: true, whitespace: true, message: t('ident.refusal.findingRequired') }] : []
          }
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('ident.case.findingPlaceholder')}
            data-testid="ident-finding"
          />
        </Form.Item>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          className="block-alert"
          data-testid="ident-step-error"
          title={stepErrorText(error)}
          action={
            stepRefusalOf(error) === 'noSpotCheck' && spotRegion ? (
              <Link to={`/identification?region=${spotRegion}&stage=${detail.stage}`}>
                {t('ident.case.goSpotCheck')}
              </Link>
            ) : undefined
          }
        />
      ) : null}
      <Button
        type="primary"
        htmlType="submit"
        danger={outcome === 'fail'}
        icon={<SendOutlined />}
        loading={saving}
        data-testid="ident-step-submit"
      >
        {t('ident.case.submit')}
      </Button>
    </Form>
  );
}

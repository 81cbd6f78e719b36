import { ReloadOutlined } from '@ant-design/icons';
import { EXIT_FLOWS, nextExitStep, officeReaches, type ExitStepRecord } from '@fupin/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchExitCase, takeExitStep, type ExitCaseDetail, type ExitStepBody } from '../../api/exit';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n, type MessageKey } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { ExitTabs } from './ExitTabs';
import {
  EXIT_STAGE_COLOR,
  exitStageLabel,
  exitStepLabel,
  formatDay,
  formatMinute,
  levelLabel,
  officeLabel,
  useExitErrorText,
} from './labels';

const KEY_PATTERN = /^\d{6}-\d{1,18}$/;
const BASIS_LABELS: Record<string, MessageKey> = {
  eligible: 'exit.basis.eligible',
  perCapita: 'exit.basis.perCapita',
  line: 'exit.basis.line',
  status: 'exit.basis.status',
  poorPeople: 'exit.basis.poorPeople',
  ruralPopulation: 'exit.basis.ruralPopulation',
};

interface StepForm {
  outcome: 'pass' | 'fail';
  note?: string;
  objection?: string;
  foodSecure?: boolean;
  clothingSecure?: boolean;
  signedBy?: string;
  signedOn?: Dayjs;
}

function StepTimeline({ detail }: { detail: ExitCaseDetail }) {
  const { t } = useI18n();
  const done = detail.steps.map((s: ExitStepRecord, i) => ({
    key: `done-${i}`,
    color: s.outcome === 'pass' ? 'green' : 'red',
    content: (
      <div data-testid={`exit-step-${s.step}`}>
        <Typography.Text strong>{exitStepLabel(t, s.step)}</Typography.Text>{' '}
        <Tag color={s.outcome === 'pass' ? 'green' : 'red'}>
          {s.outcome === 'pass' ? t('exit.case.pass') : t('exit.case.fail')}
        </Tag>
        <div>
          <Typography.Text type="secondary">
            {s.actorName} · {formatMinute(s.at)}
          </Typography.Text>
        </div>
        {s.note ? <div>{s.note}</div> : null}
        {s.objection ? <div>{s.objection}</div> : null}
        {s.details && s.step === 'agree' ? (
          <div>
            {t('exit.case.signedBy')}：{String(s.details.signedBy ?? '')} · {String(s.details.signedOn ?? '')}
          </div>
        ) : null}
      </div>
    ),
  }));
  const doneSteps = new Set(detail.steps.map((s) => s.step));
  const pending =
    detail.stage === 'rejected'
      ? []
      : EXIT_FLOWS[detail.level]
          .filter((s) => !doneSteps.has(s.step))
          .map((s) => ({
            key: `todo-${s.step}`,
            color: 'gray',
            content: (
              <Typography.Text type="secondary">
                {exitStepLabel(t, s.step)}（{officeLabel(t, s.office)}）
              </Typography.Text>
            ),
          }));
  return <Timeline items={[...done, ...pending]} />;
}

function ActionPanel({ detail, onTaken }: { detail: ExitCaseDetail; onTaken: () => Promise<void> }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const [form] = Form.useForm<StepForm>();
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form) ?? 'pass';
  const next = nextExitStep(detail.level, detail.stage);
  if (!next)
    return <Alert type={detail.stage === 'exited' ? 'success' : 'warning'} showIcon title={t('exit.case.finished')} />;
  const mine = can('exit.write') && officeReaches(user.role, next.office);
  const noticeRunning =
    next.step === 'announce' && detail.noticeEndsAt !== null && new Date(detail.noticeEndsAt).getTime() > Date.now();
  if (!mine)
    return (
      <Alert
        type="info"
        showIcon
        title={t('exit.case.waitingFor', { office: officeLabel(t, next.office), step: exitStepLabel(t, next.step) })}
      />
    );
  const submit = async (values: StepForm) => {
    setBusy(true);
    try {
      const body: ExitStepBody = {
        step: next.step,
        outcome: values.outcome,
        note: values.note,
        objection: values.objection,
        foodSecure: values.foodSecure,
        clothingSecure: values.clothingSecure,
        signedBy: values.signedBy,
        signedOn: values.signedOn?.format('YYYY-MM-DD'),
      };
      await takeExitStep(detail.key, body);
      void message.success(t('exit.case.done', { step: exitStepLabel(t, next.step) }));
      form.resetFields();
      await onTaken();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('exit.case.next', { step: exitStepLabel(t, next.step) })} data-testid="exit-action">
      {noticeRunning ? (
        <Alert
          type="warning"
          showIcon
          className="block-alert"
          title={t('exit.case.noticeRunning', { end: formatMinute(detail.noticeEndsAt) })}
        />
      ) : null}
      <Form<StepForm>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'pass' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="outcome" label={t('exit.case.outcome')}>
          <Radio.Group
            options={[
              { value: 'pass', label: t('exit.case.pass') },
              { value: 'fail', label: t('exit.case.fail') },
            ]}
          />
        </Form.Item>
        {next.step === 'teamCheck' && outcome === 'pass' ? (
          <>
            <Form.Item name="foodSecure" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox data-testid="exit-food">{t('exit.case.food')}</Checkbox>
            </Form.Item>
            <Form.Item name="clothingSecure" valuePropName="checked">
              <Checkbox data-testid="exit-clothing">{t('exit.case.clothing')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        {next.step === 'agree' && outcome === 'pass' ? (
          <Space wrap>
            <Form.Item name="signedBy" label={t('exit.case.signedBy')} rules={[{ required: true }]}>
              <Input maxLength={50} data-testid="exit-signed-by" />
            </Form.Item>
            <Form.Item name="signedOn" label={t('exit.case.signedOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="exit-signed-on" />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item
          name="note"
          label={t('exit.case.note')}
          rules={outcome === 'fail' ? [{ required: true, message: t('exit.case.noteRequired') }] : []}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="exit-note" />
        </Form.Item>
        <Form.Item name="objection" label={t('exit.case.objection')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={noticeRunning} data-testid="exit-submit">
          {t('exit.case.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** `/exit/cases/:key` — one exit case: its steps, its basis and the next step. */
export function ExitCasePage() {
  const { key = '' } = useParams();
  const { t } = useI18n();
  const valid = KEY_PATTERN.test(key);
  const { data, error, loading, reload } = useQuery(
    (signal) => (valid ? fetchExitCase(key, signal) : Promise.resolve(undefined)),
    [key, valid],
  );
  const detail = data && data.key === key ? data : undefined;
  const title = detail ? t('exit.case.title', { name: detail.subjectName, level: levelLabel(t, detail.level) }) : key;
  usePageMeta([
    { title: t('exit.title'), to: '/exit' },
    { title: t('exit.cases.title'), to: '/exit/cases' },
    { title },
  ]);
  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!detail) return <Skeleton active paragraph={{ rows: 10 }} />;
  const basis = Object.entries(detail.basis ?? {});
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ExitTabs />
      <Card
        title={
          <Space wrap size={8}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="exit-case-title">
              {title}
            </Typography.Title>
            <Tag color={EXIT_STAGE_COLOR[detail.stage]} data-testid="exit-stage" data-stage={detail.stage}>
              {exitStageLabel(t, detail.stage)}
            </Tag>
            <Typography.Text type="secondary">
              {detail.regionName} · {detail.year}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            {detail.householdKey ? (
              <Link to={`/households/${detail.householdKey}`}>{t('exit.case.household')}</Link>
            ) : null}
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void reload()} />
          </Space>
        }
      >
        {detail.relapsedAt ? (
          <Alert
            type="error"
            showIcon
            className="block-alert"
            title={t('exit.case.relapsed', { at: formatDay(detail.relapsedAt) })}
          />
        ) : null}
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14}>
            <Typography.Title level={5}>{t('exit.case.progress')}</Typography.Title>
            <StepTimeline detail={detail} />
            <Descriptions
              size="small"
              column={1}
              title={t('exit.case.basis', { year: detail.year })}
              items={basis.map(([k, v]) => ({
                key: k,
                label: BASIS_LABELS[k] ? t(BASIS_LABELS[k]) : k,
                children: typeof v === 'boolean' ? (v ? t('exit.pass') : t('exit.fail')) : String(v),
              }))}
            />
          </Col>
          <Col xs={24} lg={10}>
            <ActionPanel detail={detail} onTaken={reload} />
          </Col>
        </Row>
      </Card>
    </Space>
  );
}

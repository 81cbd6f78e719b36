import { SwapOutlined } from '@ant-design/icons';
import {
  ADJUSTMENT_EVENTS,
  HOUSEHOLD_STATUSES,
  RELATIONS_TO_HEAD,
  adjustmentKind,
  checkMember,
  chinaDate,
  isHouseholdStatus,
  parseIdentityNumber,
  statusAfter,
  type AdjustmentEvent,
  type AdjustmentKind,
  type HouseholdStatus,
} from '@fupin/domain';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { fetchOpenYears, recordAdjustment, type AdjustmentBody } from '../../api/adjustment';
import { ApiError } from '../../api/client';
import { recordIssuesOf, type MemberView } from '../../api/registry';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { useEnumText } from '../registry/enumText';
import { JoiningMemberFields, toMemberInput, type JoiningMemberValues } from './JoiningMemberFields';
import { useStepErrorText } from './labels';

export interface AdjustmentPanelProps {
  householdKey: string;
  /** The household version shown; the change is refused (VERSION_CONFLICT) when it is stale. */
  version: number;
  members: readonly MemberView[];
  /** The household's status (未脱贫, 已脱贫(享受政策) …). */
  status: string;
  /** Called after a change was recorded (or the record turned out stale): reload the household. */
  onChanged: () => void;
}

interface AdjustmentValues {
  event?: AdjustmentEvent;
  year?: number;
  reason?: string;
  memberId?: string;
  newHeadMemberId?: string;
  member?: JoiningMemberValues;
}

const KIND_ORDER: readonly AdjustmentKind[] = ['memberIn', 'memberOut', 'status'];

/** The status an event leads to, or null when it does not apply now; member events keep the status. */
function resultingStatus(status: HouseholdStatus, event: AdjustmentEvent): HouseholdStatus | null {
  if (event === 'exit' || event === 'relapse' || event === 'close') return statusAfter(status, event);
  return status === '已销户' ? null : status;
}

/**
 * 动态调整 of one household: a member joins (birth, marriage, move in) or leaves (death, marriage,
 * move out; a leaving head names a successor), or the household exits, relapses or closes — in
 * one of the years the province has opened.
 */
export function AdjustmentPanel({ householdKey, version, members, status, onChanged }: AdjustmentPanelProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const enumText = useEnumText();
  const stepErrorText = useStepErrorText();
  const [form] = Form.useForm<AdjustmentValues>();
  const [asOf] = useState(() => chinaDate(new Date()));
  const { data: yearList } = useQuery((signal) => fetchOpenYears(signal), []);
  const years = yearList?.items ?? [];
  const event = Form.useWatch('event', form);
  const memberId = Form.useWatch('memberId', form);
  const joining = Form.useWatch('member', form);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const current: HouseholdStatus | undefined = isHouseholdStatus(status) ? status : undefined;
  const kind = event ? adjustmentKind(event) : undefined;
  const leaving = members.find((m) => m.id === memberId);
  const headLeaving = kind === 'memberOut' && leaving?.relation === '户主';
  const memberIssues = useMemo(
    () => (kind === 'memberIn' ? checkMember(toMemberInput(joining ?? {}), { asOf }) : []),
    [kind, joining, asOf],
  );
  const memberErrors = memberIssues.filter((issue) => issue.severity === 'error');
  const serverIssues = recordIssuesOf(error);

  /** `向国华（户主）` / `Xiang Guohua (Head)`. */
  const bracket = (text: string, note: string) => (locale === 'en' ? `${text} (${note})` : `${text}（${note}）`);
  /** `谭春兰：` for a finding about a member (`members[1].sex`; the joining one comes last). */
  const whose = (field: string): string => {
    const index = /^members\[(\d+)\]/.exec(field)?.[1];
    if (index === undefined) return '';
    const name = members[Number(index)]?.name ?? joining?.name ?? '';
    return name === '' ? '' : locale === 'en' ? `${name}: ` : `${name}：`;
  };
  const eventOptions = KIND_ORDER.map((k) => ({
    label: t(`adjust.kind.${k}`),
    options: ADJUSTMENT_EVENTS.filter((e) => e.kind === k).map((e) => {
      const unavailable =
        current === undefined || resultingStatus(current, e.value) === null
          ? t('adjust.notApplicable')
          : k === 'memberOut' && members.length <= 1
            ? t('adjust.lastMember')
            : undefined;
      return {
        value: e.value,
        label: unavailable ? bracket(locale === 'en' ? e.en : e.zh, unavailable) : locale === 'en' ? e.en : e.zh,
        disabled: unavailable !== undefined,
      };
    }),
  }));

  const memberLabel = (m: MemberView) => bracket(m.name, enumText(RELATIONS_TO_HEAD, m.relation));

  const onValuesChange = (changed: AdjustmentValues) => {
    const raw = changed.member?.idNumber;
    if (typeof raw === 'string') {
      const parsed = parseIdentityNumber(raw, { asOf });
      if (parsed.ok) {
        form.setFieldValue(['member', 'birthDate'], parsed.value.id.birthDate);
        form.setFieldValue(['member', 'sex'], parsed.value.id.sex);
      }
    }
  };

  const submit = async (values: AdjustmentValues) => {
    setSubmitted(true);
    if (!values.event || values.year === undefined || !values.reason?.trim()) return;
    if (kind === 'memberIn' && memberErrors.length > 0) return;
    const body: AdjustmentBody = { event: values.event, year: values.year, reason: values.reason.trim(), version };
    if (kind === 'memberIn') body.member = toMemberInput(values.member ?? {});
    if (kind === 'memberOut' && values.memberId) body.memberId = values.memberId;
    if (headLeaving && values.newHeadMemberId) body.newHeadMemberId = values.newHeadMemberId;
    setSaving(true);
    setError(undefined);
    try {
      await recordAdjustment(householdKey, body);
      const label = ADJUSTMENT_EVENTS.find((e) => e.value === values.event);
      void message.success(t('adjust.done', { event: label ? (locale === 'en' ? label.en : label.zh) : '' }));
      form.resetFields();
      setSubmitted(false);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const title = (
    <span>
      <SwapOutlined /> {t('adjust.title')}
    </span>
  );
  if (current === '已销户') {
    return (
      <Card size="small" title={title}>
        <Alert type="info" showIcon title={t('adjust.closed')} />
      </Card>
    );
  }
  if (!yearList) {
    return (
      <Card size="small" title={title}>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  }
  if (years.length === 0) {
    return (
      <Card size="small" title={title}>
        <Alert type="warning" showIcon title={t('adjust.noYear')} data-testid="adjust-no-year" />
      </Card>
    );
  }

  const after = current && event && kind === 'status' ? resultingStatus(current, event) : null;
  return (
    <Card size="small" title={title} data-testid="adjustment-panel">
      <Form<AdjustmentValues>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={{ year: years[0] }}
        onValuesChange={onValuesChange}
        onFinish={(values) => void submit(values)}
        onFinishFailed={() => setSubmitted(true)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="event"
              label={t('adjust.event')}
              rules={[{ required: true, message: t('adjust.eventRequired') }]}
            >
              <Select
                options={eventOptions}
                placeholder={t('registry.select')}
                data-testid="adjust-event"
                onChange={() => setError(undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="year"
              label={t('adjust.year')}
              rules={[{ required: true, message: t('adjust.yearRequired') }]}
            >
              <Select options={years.map((y) => ({ value: y, label: y }))} data-testid="adjust-year" />
            </Form.Item>
          </Col>
        </Row>
        {after ? (
          <Alert
            type="info"
            showIcon
            className="block-alert"
            title={t('adjust.statusAfter', { status: enumText(HOUSEHOLD_STATUSES, after) })}
          />
        ) : null}
        {kind === 'memberOut' ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="memberId"
                label={t('adjust.leaving')}
                rules={[{ required: true, message: t('adjust.leavingRequired') }]}
              >
                <Select
                  options={members.map((m) => ({ value: m.id, label: memberLabel(m) }))}
                  data-testid="adjust-member"
                />
              </Form.Item>
            </Col>
            {headLeaving ? (
              <Col xs={24} sm={12}>
                <Form.Item
                  name="newHeadMemberId"
                  label={t('adjust.newHead')}
                  extra={t('adjust.newHeadHint')}
                  rules={[{ required: true, message: t('adjust.newHeadRequired') }]}
                >
                  <Select
                    options={members
                      .filter((m) => m.id !== memberId)
                      .map((m) => ({ value: m.id, label: memberLabel(m) }))}
                    data-testid="adjust-new-head"
                  />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        ) : null}
        {kind === 'memberIn' ? (
          <>
            <Typography.Text strong>{t('adjust.joining')}</Typography.Text>
            <JoiningMemberFields issues={memberIssues} showAll={submitted} />
          </>
        ) : null}
        <Form.Item
          name="reason"
          label={t('adjust.reason')}
          rules={[{ required: true, whitespace: true, message: t('adjust.reasonRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={300}
            placeholder={t('adjust.reasonPlaceholder')}
            data-testid="adjust-reason"
          />
        </Form.Item>
        {submitted && kind === 'memberIn' && memberErrors.length > 0 ? (
          <Alert
            type="error"
            showIcon
            className="block-alert"
            title={t('adjust.fixMember', { n: memberErrors.length })}
          />
        ) : null}
        {error ? (
          <Alert
            type="error"
            showIcon
            className="block-alert"
            data-testid="adjust-error"
            title={stepErrorText(error)}
            description={
              serverIssues.length > 0
                ? serverIssues.map((issue) => `${whose(issue.field)}${issue.message[locale]}`).join('；')
                : undefined
            }
            action={
              error instanceof ApiError && error.code === 'VERSION_CONFLICT' ? (
                <Button size="small" onClick={onChanged}>
                  {t('common.refresh')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="adjust-submit">
          {t('adjust.submit')}
        </Button>
      </Form>
    </Card>
  );
}

import {
  IDENTIFICATION_STEPS,
  STEP_LEVEL,
  noticeEndsAt,
  type IdentificationSettings,
  type IdentificationStep,
} from '@fupin/domain';
import { Steps, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { IdentificationCaseDetail, IdentificationStepRecord } from '../../api/identification';
import { useI18n } from '../../i18n';
import { formatMinute, levelLabel, stepLabel } from './labels';
import { nextStep } from './workflow';

type ItemStatus = 'wait' | 'process' | 'finish' | 'error';

/** Steps that open a public notice, whose period the timeline shows. */
function opensNotice(step: IdentificationStep): boolean {
  return step === 'startFirstNotice' || step === 'startSecondNotice';
}

function RecordLines({
  record,
  noticeUntil,
}: {
  record: IdentificationStepRecord;
  /** End of the notice this step opened. */
  noticeUntil: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <div className="ident-step-record" data-testid={`ident-record-${record.step}`}>
      <span className="ident-step-meta">
        {t('ident.case.by', { name: record.actorName, at: formatMinute(record.at) })}
      </span>
      {noticeUntil ? (
        <span>{t('ident.case.noticeFromTo', { start: formatMinute(record.at), end: formatMinute(noticeUntil) })}</span>
      ) : null}
      {record.note ? (
        <span>
          {t('ident.case.noteLabel')}
          {record.note}
        </span>
      ) : null}
      {record.objection ? (
        <Typography.Text type="warning">
          {t('ident.case.objectionLabel')}
          {record.objection}
        </Typography.Text>
      ) : null}
      {record.sampled ? (
        <span>
          <Tag color="volcano">{t('ident.sampled')}</Tag>
          {record.finding ? `${t('ident.case.findingLabel')}${record.finding}` : null}
        </span>
      ) : null}
    </div>
  );
}

/** The workflow as a vertical timeline: each step with who took it, when, the outcome and notes. */
export function CaseTimeline({
  detail,
  settings,
}: {
  detail: IdentificationCaseDetail;
  settings: IdentificationSettings | undefined;
}) {
  const { t } = useI18n();
  const pending = nextStep(detail.stage);
  const items: { key: string; title: ReactNode; content: ReactNode; status: ItemStatus }[] = [
    {
      key: 'apply',
      title: stepLabel(t, 'apply'),
      content: (
        <div className="ident-step-record">
          <span className="ident-step-meta">{t('ident.case.appliedAt', { at: formatMinute(detail.createdAt) })}</span>
        </div>
      ),
      status: 'finish',
    },
  ];
  for (const step of IDENTIFICATION_STEPS) {
    const record = detail.steps.find((s) => s.step === step);
    if (record) {
      const noticeUntil =
        opensNotice(step) && settings ? noticeEndsAt(new Date(record.at), settings).toISOString() : undefined;
      items.push({
        key: step,
        title: (
          <span>
            {stepLabel(t, step)}{' '}
            <Tag color={record.outcome === 'pass' ? 'green' : 'red'}>
              {t(`ident.case.outcomeTag.${record.outcome}`)}
            </Tag>
          </span>
        ),
        content: <RecordLines record={record} noticeUntil={noticeUntil} />,
        status: record.outcome === 'pass' ? 'finish' : 'error',
      });
    } else {
      const current = step === pending;
      items.push({
        key: step,
        title: stepLabel(t, step),
        content: current ? (
          <div className="ident-step-record">
            <span className="ident-step-meta">
              {t('ident.case.pending')} · {levelLabel(t, STEP_LEVEL[step])}
            </span>
            {detail.noticeEndsAt && (step === 'townshipReview' || step === 'countyReview') ? (
              <span>
                {t('ident.case.noticeFromTo', {
                  start: formatMinute(detail.noticeStartedAt),
                  end: formatMinute(detail.noticeEndsAt),
                })}
              </span>
            ) : null}
          </div>
        ) : null,
        status: current ? 'process' : 'wait',
      });
    }
  }
  const current = items.findIndex((item) => item.status === 'process' || item.status === 'error');
  return (
    <div data-testid="ident-timeline">
      <Steps orientation="vertical" size="small" current={current < 0 ? items.length - 1 : current} items={items} />
    </div>
  );
}

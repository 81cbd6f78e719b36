import type { IdentificationStage, IdentificationStep } from '@fupin/domain';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { stepRefusalOf } from '../../api/identification';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import type { WorkLevel } from './workflow';

/** 已申请 / 第一次公示中 / 已纳入建档立卡 … */
export function stageLabel(t: Translate, stage: IdentificationStage): string {
  return t(`ident.stage.${stage}`);
}

/** 村民代表大会民主评议 / 乡镇审核（抽查）… */
export function stepLabel(t: Translate, step: IdentificationStep | 'apply'): string {
  return t(`ident.step.${step}`);
}

/** Who takes a step of `level`. */
export function levelLabel(t: Translate, level: WorkLevel): string {
  return t(`ident.level.${level}`);
}

/** Messages of the `details.reason` values a 409 STEP_NOT_ALLOWED carries (identification and adjustment). */
const REFUSALS: Record<string, MessageKey> = {
  wrongStage: 'ident.refusal.wrongStage',
  noticeRunning: 'ident.refusal.noticeRunning',
  noSpotCheck: 'ident.refusal.noSpotCheck',
  findingRequired: 'ident.refusal.findingRequired',
  finished: 'ident.refusal.finished',
  nothingToCheck: 'ident.refusal.nothingToCheck',
  status: 'adjust.refusal.status',
  closed: 'adjust.refusal.closed',
  lastMember: 'adjust.refusal.lastMember',
};

/** Error text in the user's language, naming the exact reason when the server refused a step. */
export function useStepErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  const errorText = useErrorText();
  return useCallback(
    (error: unknown) => {
      const reason = stepRefusalOf(error);
      const key = reason === undefined ? undefined : REFUSALS[reason];
      return key ? t(key) : errorText(error);
    },
    [t, errorText],
  );
}

/** `2015-09-01`: notices are dated by day. */
export function formatDay(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

/** `2015-09-01 14:05`. */
export function formatMinute(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

/** A ratio as a percentage: 0.2 → 20%. */
export function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

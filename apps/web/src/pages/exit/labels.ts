import {
  renderReason,
  type ExitLevel,
  type ExitReason,
  type ExitStage,
  type ExitStep,
  type OfficeLevel,
} from '@fupin/domain';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n, type MessageKey, type Translate } from '../../i18n';

/** Years an evaluation may be run for (the 建档立卡 years). */
export const EXIT_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020] as const;
/** The year shown first: the generated registry's year. */
export const DEFAULT_EXIT_YEAR = 2015;

export function exitStageLabel(t: Translate, stage: ExitStage): string {
  return t(`exit.stage.${stage}`);
}

export function exitStepLabel(t: Translate, step: ExitStep | 'propose'): string {
  return t(`exit.step.${step}`);
}

export function officeLabel(t: Translate, office: OfficeLevel): string {
  return t(`exit.office.${office}`);
}

export function levelLabel(t: Translate, level: ExitLevel): string {
  return t(`exit.levelFull.${level}`);
}

export const EXIT_STAGE_COLOR: Record<ExitStage, string> = {
  proposed: 'blue',
  appraised: 'cyan',
  teamChecked: 'cyan',
  agreed: 'geekblue',
  townshipReviewed: 'geekblue',
  countyReviewed: 'purple',
  cityReviewed: 'purple',
  provinceReviewed: 'purple',
  notice: 'orange',
  exited: 'green',
  rejected: 'red',
};

/** A reason line in the user's language: "住房不安全: D级危房". */
export function useReasonText(): (reason: ExitReason) => string {
  const { locale } = useI18n();
  return useCallback((reason: ExitReason) => renderReason(reason, locale), [locale]);
}

const REFUSALS: Record<string, MessageKey> = {
  wrongStage: 'exit.refusal.wrongStage',
  noticeRunning: 'exit.refusal.noticeRunning',
  finished: 'exit.refusal.finished',
  notInFlow: 'exit.refusal.notInFlow',
  confirmationMissing: 'exit.refusal.confirmationMissing',
  signatureMissing: 'exit.refusal.signatureMissing',
  notEligible: 'exit.refusal.notEligible',
  stale: 'exit.refusal.stale',
  noteRequired: 'exit.refusal.noteRequired',
  notPoor: 'exit.refusal.notPoor',
  openCase: 'exit.refusal.openCase',
  alreadyExited: 'exit.refusal.alreadyExited',
};

/** Error text naming the exact reason when the server refused an exit step or proposal. */
export function useExitErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  const errorText = useErrorText();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && typeof error.details === 'object' && error.details !== null) {
        const reason: unknown = Reflect.get(error.details, 'reason');
        const key = typeof reason === 'string' ? REFUSALS[reason] : undefined;
        if (key) return t(key);
        const fields: unknown = Reflect.get(error.details, 'fields');
        if (error.code === 'STANDARDS_INVALID' && Array.isArray(fields))
          return t('exit.std.invalid', { fields: fields.join(', ') });
      }
      return errorText(error);
    },
    [t, errorText],
  );
}

export function formatDay(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

export function formatMinute(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

/** 0.0213 → "2.13%". */
export function percent(share: number | null): string {
  return share === null ? '—' : `${(Math.round(share * 10000) / 100).toFixed(2)}%`;
}

import { ROLE_LABELS, type Locale, type RegionKind, type RegionLevel, type Role } from '@fupin/domain';
import type { JobStatus, JobType } from '../api/types';
import type { Translate } from './LocaleProvider';

/** 省 / 市州 / 县市区 / 乡镇街道 / 村社区. */
export function levelLabel(t: Translate, level: RegionLevel): string {
  return t(`level.${level}`);
}

/** 街道 / 镇 / 乡 / 社区 / 村. */
export function kindLabel(t: Translate, kind: RegionKind): string {
  return t(`kind.${kind}`);
}

/** The role's display name from the shared table in @fupin/domain. */
export function roleLabel(locale: Locale, role: Role): string {
  return ROLE_LABELS[role][locale];
}

export function jobTypeLabel(t: Translate, type: JobType): string {
  return t(`jobs.type.${type}`);
}

export function jobStatusLabel(t: Translate, status: JobStatus): string {
  return t(`jobs.status.${status}`);
}

import {
  IDENTIFICATION_STAGES,
  IDENTIFICATION_STEPS,
  STEP_TRANSITIONS,
  type IdentificationStage,
  roleReaches,
  type IdentificationLevel,
  type IdentificationStep,
} from '@fupin/domain';
import type { SpotCheck, SpotCheckLevel } from '../../api/identification';

export type WorkLevel = IdentificationLevel;
export { roleReaches };

/** The step that moves a case on from `stage`, or undefined once it is registered or rejected. */
export function nextStep(stage: IdentificationStage): IdentificationStep | undefined {
  return IDENTIFICATION_STEPS.find((step) => STEP_TRANSITIONS[step].from === stage);
}

/** Steps that close a public notice with a review and need a spot check of their level. */
export function reviewLevel(step: IdentificationStep): SpotCheckLevel | undefined {
  if (step === 'townshipReview') return 'township';
  if (step === 'countyReview') return 'county';
  return undefined;
}

/** The stages shown as filters, in workflow order (`announced` passes straight on to `registered`). */
export const LISTED_STAGES: readonly IdentificationStage[] = IDENTIFICATION_STAGES.filter(
  (stage) => stage !== 'announced',
);

/** Tag colours: village work blue, notices orange, reviews purple, done green, rejected red. */
export const STAGE_COLOR: Record<IdentificationStage, string> = {
  applied: 'default',
  appraised: 'blue',
  villageChecked: 'geekblue',
  firstNotice: 'orange',
  townshipReviewed: 'purple',
  secondNotice: 'gold',
  countyReviewed: 'magenta',
  announced: 'cyan',
  registered: 'green',
  rejected: 'red',
};

/** The region a spot check of `level` covers, from the region being looked at; undefined when too high up. */
export function spotCheckRegion(level: SpotCheckLevel, regionCode: string): string | undefined {
  const length = level === 'township' ? 9 : 6;
  return regionCode.length >= length ? regionCode.slice(0, length) : undefined;
}

const SPOT_CHECK_STORE = 'fupin.identification.spotChecks';

function readSpotChecks(): SpotCheck[] {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(SPOT_CHECK_STORE) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isSpotCheck) : [];
  } catch {
    return [];
  }
}

function isSpotCheck(value: unknown): value is SpotCheck {
  if (typeof value !== 'object' || value === null) return false;
  const sampled: unknown = Reflect.get(value, 'sampled');
  return typeof Reflect.get(value, 'regionCode') === 'string' && Array.isArray(sampled);
}

/**
 * Remembers a spot check drawn in this browser tab. The case API does not say whether a case
 * was sampled until its review is recorded, so the review form uses this to ask for the finding.
 */
export function rememberSpotCheck(check: SpotCheck): void {
  const others = readSpotChecks().filter((c) => !(c.level === check.level && c.regionCode === check.regionCode));
  try {
    window.sessionStorage.setItem(SPOT_CHECK_STORE, JSON.stringify([check, ...others].slice(0, 20)));
  } catch {
    // Not remembered; the server still asks for the finding when it is missing.
  }
}

/** The latest spot check drawn here for `level` over a region containing the case. */
export function rememberedSpotCheck(level: SpotCheckLevel, caseVillageCode: string): SpotCheck | undefined {
  return readSpotChecks().find((c) => c.level === level && caseVillageCode.startsWith(c.regionCode));
}

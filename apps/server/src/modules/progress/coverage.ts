// Assistance coverage per region for the battle map's "coverage gaps" colour mode, read from the
// assistance module's kept counters (modules/assistance/coverage.ts, DOMAIN §4).
import type { CoverageFigures, CoverageRow } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { coverage } from '../assistance/coverage.js';

/** The gaps of one coverage row: every required link a poor village or household lacks. */
export function coverageFigures(row: CoverageRow): CoverageFigures {
  const v = row.villages;
  const h = row.households;
  const villageGaps = 4 * v.poorVillages - (v.workTeam + v.firstSecretary + v.unit + v.enterprise);
  const householdGaps = 3 * h.poorHouseholds - (h.helper + h.bank + h.insurer);
  const required = 4 * v.poorVillages + 3 * h.poorHouseholds;
  return {
    poorVillages: v.poorVillages,
    villageGaps,
    poorHouseholds: h.poorHouseholds,
    householdGaps,
    gapPercent: required === 0 ? 0 : Math.round(((villageGaps + householdGaps) / required) * 1000) / 10,
  };
}

/** Coverage of a region and each of its children, keyed by region code. */
export async function coverageOfChildren(tx: Tx, scope: string, code: string): Promise<Map<string, CoverageFigures>> {
  const result = await coverage(tx, scope, code);
  const out = new Map<string, CoverageFigures>([[code, coverageFigures(result)]]);
  for (const child of result.children) out.set(child.regionCode, coverageFigures(child));
  return out;
}

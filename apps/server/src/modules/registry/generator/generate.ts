// Loads a synthetic 建档立卡 registry: households, members, person IDs, incomes and one history
// row per household, for the whole province at a scale (1 ≈ 1.9 million households). Households
// are generated county by county and streamed by COPY in batches of a few thousand, so memory
// stays bounded; everything is written in one transaction, so a failure leaves nothing behind.

import { checkVillageCode, povertyLineFor } from '@fupin/domain';
import type { BulkSession, Database } from '../../../db/connection.js';
import { AppError } from '../../../http/errors.js';
import { HouseholdFactory } from './household.js';
import { planRegistry, type RegionTree } from './plan.js';
import { RowBuffers, REGISTRY_TABLES, writeHousehold } from './rows.js';
import { BatchWriter } from './writer.js';
import { generateAssistance, type AssistanceResult } from './assistance.js';
import { generateActivity, type ActivityResult } from './activity.js';

/** The registry year generated when none is given: the first full year of 建档立卡. */
export const DEFAULT_REGISTRY_YEAR = 2015;
/** Households per COPY batch: bounds memory (and PGlite's per-call buffer) at a few MB. */
const DEFAULT_BATCH_SIZE = 5000;
/** How often generation yields to the event loop so that the batch in flight keeps streaming. */
const YIELD_EVERY = 250;
/** Households were first registered in 2014 (国开办发〔2014〕24号). */
const FIRST_REGISTRY_YEAR = 2014;

export interface GenerateOptions {
  /** 1 = the real registry (≈1,915,000 households); 0.05 ≈ 96,000. */
  scale: number;
  /** Same seed (and scale and year) → identical data. */
  seed: number;
  /** Year of the incomes, statuses and ages (default 2015). */
  year?: number;
  /** Empty the registry tables first (in the same transaction) instead of refusing. */
  replace?: boolean;
  /** Share of households given one deliberate data-quality flaw (default 0.005). */
  flawShare?: number;
  /** Households per COPY batch (default 5000): bounds memory; tests use small batches. */
  batchSize?: number;
  /** Called after each batch with households written so far and the total planned. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  households: number;
  members: number;
  /** Households carrying a labelled flaw (households.generated_flaws). */
  flawed: number;
  seconds: number;
  /** Units, cadres, teams and pairings written by generator/assistance.ts. */
  assistance?: AssistanceResult;
  /** Plan items, measures, visits and team days written by generator/activity.ts. */
  activity?: ActivityResult;
}

/**
 * Reads the counties and the 村委会 villages (with their poor flag) from the region table. A
 * 村委会 has digits 10–12 in 200–399 (DOMAIN §5); 居委会 and the 4xx–5xx codes of virtual
 * communities, farms and mining areas are left out.
 */
export async function readRegionTree(database: Database): Promise<RegionTree> {
  const counties = await database.owner
    .selectFrom('regions')
    .select(['code', 'parent_code'])
    .where('level', '=', 'county')
    .orderBy('code')
    .execute();
  const villages = await database.owner
    .selectFrom('regions')
    .select(['code', 'poor_designation'])
    .where('level', '=', 'village')
    .orderBy('code')
    .execute();
  return {
    counties: counties.map((c) => ({ code: c.code, parentCode: c.parent_code ?? '' })),
    villages: villages
      .filter((v) => checkVillageCode(v.code, true).length === 0)
      .map((v) => ({ code: v.code, poor: v.poor_designation !== null })),
  };
}

/** Refuses a registry that already has data, or empties it when `replace` is set. */
async function prepareTables(session: BulkSession, replace: boolean): Promise<void> {
  const [row] = await session.exec(
    'select (select count(*) from households)::int as households, exists (select 1 from person_ids) as ids',
  );
  const households = Number(row?.households ?? 0);
  if (households === 0 && row?.ids !== true) return;
  if (!replace) {
    throw new AppError(
      'CONFLICT',
      { households },
      `the registry already holds ${households} households; generate with replace (--replace) to overwrite it`,
    );
  }
  await session.exec(`TRUNCATE ${REGISTRY_TABLES.join(', ')}`);
}

/** Moves the id sequences past the ids the generator assigned itself. */
async function advanceSequences(session: BulkSession, households: number, members: number): Promise<void> {
  for (const [sequence, last] of [
    ['households_id_seq', households],
    ['members_id_seq', members],
    ['household_history_id_seq', households],
  ] as const) {
    await session.exec('select setval($1::regclass, $2, $3)', [sequence, Math.max(last, 1), last > 0]);
  }
}

/**
 * Generates the registry into an empty database (or replaces it with `replace`). Ids are
 * assigned here, from 1, so rows can reference each other inside the COPY streams.
 */
export async function generateRegistry(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const year = options.year ?? DEFAULT_REGISTRY_YEAR;
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  if (year < FIRST_REGISTRY_YEAR || povertyLineFor(year) === undefined) {
    throw new RangeError(`year must be ${FIRST_REGISTRY_YEAR} or later with a configured poverty line, got ${year}`);
  }
  const tree = await readRegionTree(database);
  if (tree.villages.length === 0) throw new Error('the region tree has no villages: load the regions first');
  const plan = planRegistry(tree, options.scale, options.seed);
  const settings = { seed: options.seed, year, flawShare: options.flawShare };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
  const totals = await database.bulk(async (session) => {
    await prepareTables(session, options.replace ?? false);
    const writer = new BatchWriter(session, (done) => options.onProgress?.(done, plan.households));
    const out = new RowBuffers();
    let households = 0;
    let members = 0;
    let flawed = 0;
    try {
      for (const county of plan.counties) {
        const factory = new HouseholdFactory(county.countyCode, county.unitCode, county.meanSize, settings);
        for (const village of county.villages) {
          for (let sequence = 1; sequence <= village.households; sequence++) {
            const household = factory.next(village.code, sequence);
            households += 1;
            writeHousehold(out, household, { household: households, firstMember: members + 1 }, year);
            members += household.members.length;
            if (household.flaws.length > 0) flawed += 1;
            if (households % batchSize === 0) await writer.write(out.take());
            // Let the COPY in flight move its data while this loop runs.
            else if (households % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
      }
      if (out.households > 0) await writer.write(out.take());
      await writer.finish();
    } finally {
      await writer.settle();
    }
    await advanceSequences(session, households, members);
    const assistance = await generateAssistance(session, options.seed);
    const activity = await generateActivity(session, options.seed, year, options.scale);
    // The progress triggers kept the aggregates during COPY; one recount makes them exact in one pass
    // (and is the documented recovery path after any bulk load).
    await session.exec('select fupin_progress_recount()');
    return { households, members, flawed, assistance, activity };
  });
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

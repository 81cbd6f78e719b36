import { sql } from 'kysely';
import { isWithinScope, type IsoDate } from '@fupin/domain';
import type { Tx } from '../../../db/scope.js';
import { registrableId } from '../create.js';
import { householdKey } from '../presenter.js';
import { ledgerRows, loadLedger, type HouseholdRef } from './ledger.js';
import { canonicalHousehold, finding, parseHousehold, type ParsedHousehold, type SheetRow } from './parse.js';
import type { HouseholdOutcome } from './tables.js';

// The checks that need the database, run set-based for a chunk of households: the village (in
// the importer's region, an existing 村委会), ID numbers and household numbers already registered
// anywhere in the province, and recognising households this or an earlier import already wrote.

/** A household read from the file, on its way to the staging tables. */
export interface FileHousehold {
  groupKey: string;
  rows: SheetRow[];
  parsed: ParsedHousehold;
  outcome: HouseholdOutcome;
  /** The registered household it matched, when unchanged. */
  matchedKey: string | null;
}

async function idOwners(tx: Tx, ids: string[]): Promise<Map<string, HouseholdRef>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id_number: string; county_code: string; household_id: string }>`
    select p.id_number, p.county_code, p.household_id::text as household_id
    from fupin_id_owners(${ids}::text[]) as p`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id_number, { countyCode: r.county_code, id: r.household_id }]));
}

async function numberOwners(
  tx: Tx,
  wanted: { county: string; no: string }[],
): Promise<Map<string, HouseholdRef & { villageCode: string }>> {
  if (wanted.length === 0) return new Map();
  const rows = await sql<{ county: string; no: string; household_id: string; village_code: string }>`
    select o.county_code as county, o.household_no as no, o.household_id::text as household_id, o.village_code
    from fupin_household_no_owners(${wanted.map((w) => w.county)}::text[], ${wanted.map((w) => w.no)}::text[]) as o`.execute(
    tx,
  );
  return new Map(
    rows.rows.map((r) => [
      `${r.county}|${r.no}`,
      { countyCode: r.county, id: r.household_id, villageCode: r.village_code },
    ]),
  );
}

/** Adds the database findings to a chunk's households and decides each one's outcome. */
export async function checkAgainstRegistry(
  tx: Tx,
  scope: string,
  households: FileHousehold[],
  asOf: IsoDate,
): Promise<void> {
  const inScope: FileHousehold[] = [];
  for (const h of households) {
    const code = h.parsed.write.household.villageCode;
    if (!/^\d{12}$/.test(code)) continue; // the registry checks already report the format
    if (isWithinScope(scope, code)) inScope.push(h);
    else
      for (const r of h.rows)
        h.parsed.findings.push(finding(r.rowNo, 'villageCode', 'import.village.outOfScope', { villageCode: code }));
  }

  const codes = [...new Set(inScope.map((h) => h.parsed.write.household.villageCode))];
  const villages =
    codes.length === 0
      ? []
      : await tx.selectFrom('regions').select(['code', 'level']).where('code', 'in', codes).execute();
  const knownVillages = new Set(villages.filter((v) => v.level === 'village').map((v) => v.code));
  const checkable = inScope.filter((h) => {
    const code = h.parsed.write.household.villageCode;
    if (knownVillages.has(code)) return true;
    const row = h.rows.find((r) => r.cells.villageCode.text !== '')?.rowNo ?? h.rows[0]?.rowNo ?? null;
    h.parsed.findings.push(finding(row, 'villageCode', 'import.village.unknown', { villageCode: code }));
    return false;
  });

  const ids = checkable.flatMap((h) => h.parsed.write.household.members.map((m) => registrableId(m.idNumber)));
  const owners = await idOwners(tx, [...new Set(ids.filter((id) => id !== ''))]);
  const numbered = checkable.flatMap((h) => {
    const no = h.parsed.write.household.householdNumber;
    return no ? [{ county: h.parsed.write.household.villageCode.slice(0, 6), no }] : [];
  });
  const numbers = await numberOwners(tx, numbered);

  // The registered household each file household may be: by household number, else by its head's ID.
  const candidates = new Map<FileHousehold, HouseholdRef>();
  for (const h of checkable) {
    const hh = h.parsed.write.household;
    const byNumber = hh.householdNumber
      ? numbers.get(`${hh.villageCode.slice(0, 6)}|${hh.householdNumber}`)
      : undefined;
    const head = hh.members.find((m) => m.relation === '户主');
    const byHead = hh.householdNumber || owners.size === 0 ? undefined : owners.get(registrableId(head?.idNumber));
    const candidate = byNumber ?? byHead;
    if (candidate && (!byNumber || isWithinScope(scope, byNumber.villageCode))) candidates.set(h, candidate);
  }
  // Compare with the registered income of the year the file states.
  const fileYears = new Map(
    [...candidates].map(([h, ref]) => [householdKey(ref.countyCode, ref.id), h.parsed.write.income?.year ?? null]),
  );
  const registered = await loadLedger(
    tx,
    [...candidates.values()],
    (row) => fileYears.get(householdKey(row.county_code, row.id)) ?? null,
  );
  const registeredBy = new Map(registered.map((l) => [householdKey(l.household.county_code, l.household.id), l]));

  for (const h of checkable) {
    const hh = h.parsed.write.household;
    const ref = candidates.get(h);
    const ledger = ref ? registeredBy.get(householdKey(ref.countyCode, ref.id)) : undefined;
    if (ledger) {
      const rows = ledgerRows(ledger).map((cells, i) => ({
        rowNo: i + 1,
        cells: Object.fromEntries(Object.entries(cells).map(([k, text]) => [k, { text, numeric: false }])),
      })) as SheetRow[];
      const stored = parseHousehold(rows, asOf).write;
      if (!h.parsed.write.income) delete stored.income;
      const ignoreNumber = !hh.householdNumber;
      if (canonicalHousehold(stored, ignoreNumber) === canonicalHousehold(h.parsed.write, ignoreNumber)) {
        h.matchedKey = householdKey(ledger.household.county_code, ledger.household.id);
        continue;
      }
    }
    if (hh.householdNumber && numbers.has(`${hh.villageCode.slice(0, 6)}|${hh.householdNumber}`)) {
      const row = h.rows.find((r) => r.cells.householdNumber.text !== '')?.rowNo ?? null;
      h.parsed.findings.push(
        finding(row, 'householdNumber', 'import.householdNumber.taken', { householdNumber: hh.householdNumber }),
      );
    }
    // A new province-wide registry has no owners to look for (a whole file of new households).
    hh.members.forEach((m, i) => {
      if (owners.size > 0 && owners.has(registrableId(m.idNumber))) {
        h.parsed.findings.push(finding(h.rows[i]?.rowNo ?? null, 'idNumber', 'import.idNumber.registered'));
      }
    });
  }

  for (const h of households) {
    const bad = h.parsed.findings.some((f) => f.severity === 'error');
    h.outcome = bad ? 'bad' : h.matchedKey ? 'unchanged' : 'good';
    if (bad) h.matchedKey = null;
  }
}

import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { PREPARED } from '../../../db/connection.js';
import type { DB } from '../../../db/schema.js';
import { withScope, type ActorContext, type Tx } from '../../../db/scope.js';
import {
  HISTORY_COLUMNS,
  HOUSEHOLD_COLUMNS,
  INCOME_COLUMNS,
  MEMBER_COLUMNS,
  householdRows,
  rowsSelect,
} from '../create.js';
import { auditAndEvaluate, lockRegistration } from './apply.js';
import type { FileHousehold } from './checks.js';
import { saveFindings, type ImportRecord } from './importService.js';
import { finding, type Finding } from './parse.js';
import { refuseGroups } from './staging.js';
import { importTables } from './tables.js';

// The registry writer of an import on PostgreSQL: one transaction of its own, held across the
// job's steps, that registers each batch's good households as soon as its chunk is checked, so
// that the database writes the registry while the import reads the rest of the file. Nothing of it
// is visible before its last statement commits, together with the import's outcome, so a stopped,
// failed or restarted import leaves nothing behind; the job then reads the file again (the steps'
// checkpoints are of no use without the transaction). PGlite has one session: there the import
// stages its households and registers them in its last step (apply.ts).
//
// Households the file-wide checks refuse after they were written (an ID number in two households
// of the file, a household number used twice) are deleted again before the commit; so are the
// ones whose ID number or number another transaction registered since their chunk was checked,
// which the writer's inserts skip instead of failing on the key.

/** The writers of the imports running in this process, by import id. */
const writers = new Map<string, RegistryWriter>();

/** Refused households deleted per statement (`deleteRefused`). */
const REFUSED_PAGE = 5000;

/** Batches queued for the writer at most; the reader waits for the oldest beyond that. */
const QUEUED = 2;

/** A member row as the writer sends it: with whether person_ids takes its ID number, and its file row. */
const MEMBER_SOURCE = { ...MEMBER_COLUMNS, person_id: 'boolean', row_no: 'integer' } as const;

/**
 * The written households the last steps work on (the temporary table import_written), with the
 * registrable ID numbers of their rows and the rows' numbers, for the file-wide duplicate check:
 * staging keeps no row of a household the writer registers unless the report may show it (then
 * the ID numbers are in staging and these arrays are empty).
 */
const WRITTEN_COLUMNS = {
  group_key: 'text',
  county_code: 'text',
  household_id: 'bigint',
  village_code: 'text',
  first_row: 'integer',
  unnumbered: 'boolean',
  ids: 'text[]',
  id_rows: 'integer[]',
} as const;

/** An ID number that occurs in more than one household of the file: its rows and households. */
export interface FileDuplicate {
  id_number: string;
  rows: number[];
  groups: string[];
}

/**
 * A good household of a checked batch, with the id its staging row took, and the registrable ID
 * numbers (and their rows) of its rows that staging does not hold: none when the report may show
 * the household, whose rows staging then holds.
 */
export interface WritableHousehold {
  household: FileHousehold;
  id: string;
  ids: string[];
  idRows: number[];
}

/** What a batch's statement returns: the households inserted, and the ID numbers skipped on person_ids' key. */
interface BatchOutcome {
  households: string[] | null;
  skipped: { row_no: number | null; id_number: string; household_id: string }[] | null;
}

/** A batch's statement, built when the batch is queued, with what its outcome is read against. */
export interface BatchStatement {
  households: number;
  query: RawBuilder<BatchOutcome>;
  /** By household id: its group key, and the household number it was written with and where. */
  numbered: Map<string, { groupKey: string; rowNo: number | null; householdNo: string }>;
}

/**
 * A batch of good households as the writer's one statement (each table a data-modifying part of
 * it): a statement per table waited each time for this thread, busy reading the file, to take its
 * reply. Exported for bench/import-cpu.ts, which times it without a database.
 */
export function batchStatement(imp: ImportRecord, batch: WritableHousehold[]): BatchStatement {
  const importId = String(imp.id);
  const year = new Date().getFullYear();
  const households: Record<string, unknown>[] = [];
  const members: Record<string, unknown>[] = [];
  const incomes: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const written: Record<string, unknown>[] = [];
  const numbered = new Map<string, { groupKey: string; rowNo: number | null; householdNo: string }>();
  for (const { household: h, id, ids, idRows } of batch) {
    const village = h.parsed.write.household.villageCode;
    const county = village.slice(0, 6);
    const rows = householdRows(h.parsed.write, county, village, id);
    const given = h.parsed.write.household.householdNumber;
    const firstRow = h.rows[0]?.rowNo ?? 0;
    // Unnumbered: a placeholder no household number can be, numbered in the last step.
    const householdNo = given ?? `~${importId}~${firstRow}`;
    // The rows are this household's own, just built: completed in place rather than copied.
    households.push(Object.assign(rows.household, { household_no: householdNo }));
    const numberRow = h.rows.find((r) => r.cells.householdNumber.text !== '')?.rowNo ?? firstRow;
    numbered.set(id, { groupKey: h.groupKey, rowNo: numberRow, householdNo });
    rows.members.forEach((row, i) => members.push(Object.assign(row, { row_no: h.rows[i]?.rowNo ?? null })));
    if (rows.income) incomes.push(rows.income);
    history.push({
      county_code: county,
      household_id: id,
      village_code: village,
      year,
      change: 'registered',
      snapshot: h.parsed.write,
    });
    written.push({
      group_key: h.groupKey,
      county_code: county,
      household_id: id,
      village_code: village,
      first_row: firstRow,
      unnumbered: !given,
      ids,
      id_rows: idRows,
    });
  }
  // The writer runs on PostgreSQL only, which takes array and jsonb parameters in binary format.
  const hh = rowsSelect(HOUSEHOLD_COLUMNS, households, { binary: true });
  const mm = rowsSelect(MEMBER_SOURCE, members, { binary: true });
  const ii = rowsSelect(INCOME_COLUMNS, incomes, { binary: true });
  const yy = rowsSelect(HISTORY_COLUMNS, history, { binary: true });
  const ww = rowsSelect(WRITTEN_COLUMNS, written, { binary: true });
  const memberList = sql.join(Object.keys(MEMBER_COLUMNS).map((n) => sql.id(n)));
  const memberValues = sql.join(
    Object.keys(MEMBER_COLUMNS).map((n) => (n === 'id' ? sql`m.member_id` : sql`m.${sql.id(n)}`)),
  );
  const kept = sql`(select h.id from hh h)`;
  // Rows that meet a unique key are skipped, not failed on: a household number or ID number that
  // another transaction registered since the chunk was checked, or an ID number the file repeats.
  // The same text for every batch (the values are parameters): prepared once in the writer's session.
  const query = sql<BatchOutcome>`${sql.raw(PREPARED)}
    with hh as (
      insert into households (${hh.list}) ${hh.select}
      on conflict (county_code, household_no) do nothing returning id
    ), m as materialized (
      select s.*, nextval('members_id_seq') as member_id from (${mm.select}) s where s.household_id in ${kept}
    ), mi as (
      insert into members (${memberList}) select ${memberValues} from m
    ), pp as (
      insert into person_ids (id_number, county_code, member_id, household_id, village_code)
      select m.id_number, m.county_code, m.member_id, m.household_id, m.village_code from m where m.person_id
      on conflict (id_number) do nothing returning member_id
    ), ii as (
      insert into household_incomes (${ii.list}) select * from (${ii.select}) s where s.household_id in ${kept}
    ), yy as (
      insert into household_history (${yy.list}) select * from (${yy.select}) s where s.household_id in ${kept}
    ), w as materialized (
      ${ww.select}
    ), ww as (
      insert into import_written (${ww.list}) select * from w where w.household_id in ${kept}
    ), lr as (
      -- Skipped on the household number: its ID numbers are staged for the duplicate check. (Never
      -- rows the job's open transaction staged: each transaction would wait for the other.)
      insert into registry_import_rows (import_id, row_no, region_code, group_key, id_number, cells)
      select ${importId}::bigint, u.row_no, ${imp.region_code}, w.group_key, u.id_number, '{}'
      from w cross join lateral unnest(w.ids, w.id_rows) as u(id_number, row_no)
      where w.household_id not in ${kept}
      on conflict (import_id, row_no) do nothing
    )
    select coalesce((select array_agg(h.id::text) from hh h), '{}') as households,
           coalesce((select jsonb_agg(jsonb_build_object('row_no', m.row_no, 'id_number', m.id_number,
                                                         'household_id', m.household_id::text))
                     from m where m.person_id and m.member_id not in (select p.member_id from pp p)), '[]') as skipped`;
  return { households: batch.length, query, numbered };
}

/** Thrown inside the held transaction to roll it back. */
class RollBack extends Error {}

/** What the writer found another transaction had registered meanwhile. */
interface Lost {
  findings: Finding[];
  groups: Set<string>;
}

export class RegistryWriter {
  /** Names this writer in the job's checkpoint: a checkpoint naming another one is from before a restart. */
  readonly session = randomUUID();
  private tx: Tx | undefined;
  private end: ((commit: boolean) => void) | undefined;
  private transaction: Promise<void> = Promise.resolve();
  private chain: Promise<void> = Promise.resolve();
  private readonly queued: Promise<void>[] = [];
  private failure: unknown;
  /** ID numbers skipped on person_ids' key: the file's own repeats, or another's registrations. */
  private readonly skippedIds: { groupKey: string; rowNo: number | null; idNumber: string }[] = [];
  /** Households skipped on the household number's key (registered by another transaction meanwhile). */
  private readonly skippedNumbers: { groupKey: string; rowNo: number | null; householdNo: string }[] = [];

  /** Households in the table when their keys were last analysed (-1: not known yet), and written since. */
  private analyzedAt = -1;
  private writtenSince = 0;

  private constructor(private readonly imp: ImportRecord) {}

  /** The writer of an import in this process, when its session is the one named. */
  static of(importId: string, session: string | undefined): RegistryWriter | undefined {
    const writer = writers.get(importId);
    return writer && session && writer.session === session ? writer : undefined;
  }

  /** Opens the import's writer (ending one this process already had for it). */
  static async open(db: Kysely<DB>, actor: ActorContext, imp: ImportRecord): Promise<RegistryWriter> {
    await RegistryWriter.release(String(imp.id));
    const writer = new RegistryWriter(imp);
    let opened: (tx: Tx) => void = () => undefined;
    const ready = new Promise<Tx>((resolve) => (opened = resolve));
    writer.transaction = withScope(db, actor, async (tx) => {
      // The households written, for the last statements (refusals, numbers, audit, re-evaluation).
      await sql`create temporary table import_written (
          group_key text primary key, county_code text collate "C" not null, household_id bigint not null,
          village_code text collate "C" not null, first_row integer not null, unnumbered boolean not null,
          ids text[] collate "C" not null, id_rows integer[] not null
        ) on commit drop`.execute(tx);
      // The households' statement triggers count once, at the end (migration 013), not per batch.
      await sql`select set_config('fupin.counts_deferred', 'on', true)`.execute(tx);
      // Idle between batches while the reader checks the next: a server-wide idle timeout must not end it.
      await sql`set local idle_in_transaction_session_timeout = 0`.execute(tx);
      const commit = new Promise<boolean>((resolve) => (writer.end = resolve));
      opened(tx);
      if (!(await commit)) throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) writer.failure ??= error;
    });
    writer.tx = await Promise.race([
      ready,
      writer.transaction.then(() => {
        throw writer.failure instanceof Error ? writer.failure : new Error('the registry writer did not open');
      }),
    ]);
    writers.set(String(imp.id), writer);
    return writer;
  }

  /** Rolls back the import's writer in this process, if it has one. */
  static async release(importId: string): Promise<void> {
    const writer = writers.get(importId);
    if (writer) await writer.rollBack();
  }

  private heldTx(): Tx {
    if (this.failure) throw this.failure instanceof Error ? this.failure : new Error(String(this.failure));
    if (!this.tx) throw new Error(`import ${String(this.imp.id)}: the registry writer is closed`);
    return this.tx;
  }

  /**
   * Queues a batch's good households for writing; waits while more than a few batches are queued.
   * A failed write surfaces here or at `conclude`.
   */
  async write(batch: WritableHousehold[]): Promise<void> {
    this.heldTx();
    // Built now, so that what waits in the queue is the statement's text, not the households read.
    const statement = batch.length > 0 ? batchStatement(this.imp, batch) : undefined;
    while (this.queued.length >= QUEUED) await this.queued.shift();
    if (!statement) return;
    this.chain = this.chain.then(() => this.writeBatch(statement));
    this.chain.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.queued.push(this.chain.catch(() => undefined));
  }

  /** Writes a batch's statement; notes the households and ID numbers it skipped on a key. */
  private async writeBatch(statement: BatchStatement): Promise<void> {
    const tx = this.heldTx();
    const { numbered } = statement;
    await this.analyzeAsItGrows(tx, statement.households);
    const result = await statement.query.execute(tx);
    const outcome = result.rows[0];
    const inserted = new Set(outcome?.households ?? []);
    for (const [id, n] of numbered) if (!inserted.has(id)) this.skippedNumbers.push(n);
    for (const s of outcome?.skipped ?? []) {
      this.skippedIds.push({
        groupKey: numbered.get(s.household_id)?.groupKey ?? '',
        rowNo: s.row_no,
        idNumber: s.id_number,
      });
    }
  }

  /**
   * Analyses households' keys each time the table has doubled in this transaction, so that the
   * foreign-key checks of members and incomes are planned as index lookups (migration 013).
   */
  private async analyzeAsItGrows(tx: Tx, households: number): Promise<void> {
    if (this.analyzedAt < 0) {
      const size = await sql<{
        n: number;
      }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'households'::regclass`.execute(tx);
      this.analyzedAt = Number(size.rows[0]?.n ?? 0);
    }
    this.writtenSince += households;
    if (this.writtenSince < Math.max(this.analyzedAt, 1000)) return;
    await sql`select fupin_analyze_household_keys()`.execute(tx);
    this.analyzedAt += this.writtenSince;
    this.writtenSince = 0;
  }

  /**
   * The ID numbers that occur in more than one household of the file, once every batch is
   * written. An ID number can only be repeated across households when a written household's
   * insert into person_ids skipped it (a household of the file wrote it before), or when staging
   * holds it (the rows of households not written, or with findings): only those numbers are
   * looked for among the written households (by person_ids, then the household's own ID numbers
   * and rows in import_written), rather than grouping every ID number of the file.
   */
  async duplicates(): Promise<FileDuplicate[]> {
    await this.chain;
    const tx = this.heldTx();
    const importId = String(this.imp.id);
    const skipped = this.skippedIds;
    const found = await sql<FileDuplicate>`
      with staged as (
        select r.group_key, r.id_number, r.row_no from registry_import_rows r
        where r.import_id = ${importId}::bigint and r.id_number <> ''
      ), skipped as (
        select s.group_key, s.id_number, s.row_no
        from unnest(${skipped.map((k) => k.groupKey)}::text[], ${skipped.map((k) => k.idNumber)}::text[],
                    ${skipped.map((k) => k.rowNo)}::int[]) as s(group_key, id_number, row_no)
      ), candidates as (
        select id_number from staged union select id_number from skipped
      ), written as (
        select w.group_key, u.id_number, u.row_no
        from candidates c
        join person_ids p on p.id_number = c.id_number
        join import_written w on w.county_code = p.county_code and w.household_id = p.household_id
        cross join lateral unnest(w.ids, w.id_rows) as u(id_number, row_no)
        where u.id_number = c.id_number
      ), ids as (
        select * from staged union select * from skipped union select * from written
      )
      select i.id_number, array_agg(i.row_no order by i.row_no) as rows, array_agg(distinct i.group_key) as groups
      from ids i
      group by i.id_number having count(distinct i.group_key) > 1
      order by i.id_number`.execute(tx);
    return found.rows;
  }

  /**
   * Waits for every queued batch, then finds the households that another transaction's
   * registration made this import skip (ID numbers not the file's own repeats; household numbers).
   */
  async settle(): Promise<Lost> {
    await this.chain;
    const tx = this.heldTx();
    const lost: Lost = { findings: [], groups: new Set() };
    if (this.skippedIds.length) {
      // An ID number that a household of this file holds is the file's own repeat, which the
      // file-wide check reports; any other was registered meanwhile.
      const own = await sql<{ id_number: string }>`select p.id_number from person_ids p
        join import_written w on w.county_code = p.county_code and w.household_id = p.household_id
        where p.id_number = any(${this.skippedIds.map((s) => s.idNumber)}::text[])`.execute(tx);
      const ownIds = new Set(own.rows.map((r) => r.id_number));
      for (const s of this.skippedIds) {
        if (ownIds.has(s.idNumber)) continue;
        lost.findings.push(finding(s.rowNo, 'idNumber', 'import.idNumber.registered'));
        lost.groups.add(s.groupKey);
      }
    }
    for (const s of this.skippedNumbers) {
      lost.findings.push(
        finding(s.rowNo, 'householdNumber', 'import.householdNumber.taken', { householdNumber: s.householdNo }),
      );
      lost.groups.add(s.groupKey);
    }
    lost.findings.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return lost;
  }

  /**
   * Registers the import for good in the held transaction (mode 'good', or mode 'all' with no
   * household refused): refuses what was registered meanwhile, deletes the written households
   * that staging now marks refused, numbers the unnumbered, writes an audit entry per household,
   * re-evaluates, then runs `conclude` (the import's outcome) and commits it all together.
   */
  async commit(lost: Lost, conclude: (tx: Tx) => Promise<void>): Promise<void> {
    const tx = this.heldTx();
    await lockRegistration(tx);
    const imp = this.imp;
    const id = String(imp.id);
    await saveFindings(importTables(tx), imp, lost.findings);
    await refuseGroups(tx, id, [...lost.groups]);
    await this.deleteRefused(tx, id);

    // The unnumbered: the village code and the next sequence number after the highest any household
    // of the village holds (this file's included, as they are written now), in file order.
    await sql`with pending as (
        select w.county_code, w.household_id, w.village_code,
               row_number() over (partition by w.village_code order by w.first_row) as n
        from import_written w where w.unnumbered
      ), registered as (
        select * from fupin_village_number_high(array(select distinct village_code from pending))
      )
      update households h set household_no = p.village_code || lpad((r.high + p.n)::text, 4, '0')
      from pending p join registered r on r.village_code = p.village_code
      where h.county_code = p.county_code and h.id = p.household_id`.execute(tx);

    await sql`select fupin_count_households(array_agg(w.county_code), array_agg(w.household_id))
      from import_written w group by w.county_code`.execute(tx);
    // Counted: the evaluation's changes to them are counted by the triggers again.
    await sql`select set_config('fupin.counts_deferred', 'off', true)`.execute(tx);
    await auditAndEvaluate(tx, imp, sql`import_written`);
    await conclude(tx);
    await this.close(true);
  }

  /**
   * Deletes the written households that staging now marks refused, with their rows: usually a few
   * thousand among millions. Each statement looks them up by one county's keys (`= any`), with no
   * join for the planner to order: while the writer's transaction is open, the statistics know
   * nothing of its rows, and the deletes joined to the refused households were planned as scans
   * of whole tables (17.5 s for 9,038 households at S=1), or worse, as a nested loop over them.
   * Members and incomes go with their household (on delete cascade); the person_ids rows are
   * those of the household's members' ID numbers.
   */
  private async deleteRefused(tx: Tx, importId: string): Promise<void> {
    const refused = await sql<{ county_code: string; ids: string[]; keys: string[] }>`
      select w.county_code, array_agg(w.household_id::text) as ids, array_agg(w.group_key) as keys
      from import_written w
      join registry_import_households s on s.import_id = ${importId}::bigint and s.group_key = w.group_key
      where s.outcome <> 'good'
      group by w.county_code`.execute(tx);
    for (const { county_code: county, ids: all, keys } of refused.rows) {
      for (let start = 0; start < all.length; start += REFUSED_PAGE) {
        const ids = all.slice(start, start + REFUSED_PAGE);
        const numbers = await sql<{ id_number: string }>`select m.id_number from members m
          where m.county_code = ${county} and m.household_id = any(${ids}::bigint[])`.execute(tx);
        await sql`delete from person_ids p where p.id_number = any(${numbers.rows.map((r) => r.id_number)}::text[])
          and p.county_code = ${county} and p.household_id = any(${ids}::bigint[])`.execute(tx);
        await sql`delete from household_history y
          where y.county_code = ${county} and y.household_id = any(${ids}::bigint[])`.execute(tx);
        await sql`delete from households h where h.county_code = ${county} and h.id = any(${ids}::bigint[])`.execute(
          tx,
        );
      }
      await sql`delete from import_written w where w.group_key = any(${keys}::text[])`.execute(tx);
    }
  }

  /** Rolls back everything the writer wrote. */
  async rollBack(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.close(false);
  }

  private async close(commit: boolean): Promise<void> {
    if (writers.get(String(this.imp.id)) === this) writers.delete(String(this.imp.id));
    const end = this.end;
    this.end = undefined;
    this.tx = undefined;
    end?.(commit);
    await this.transaction;
    if (commit && this.failure) throw this.failure instanceof Error ? this.failure : new Error(String(this.failure));
  }
}

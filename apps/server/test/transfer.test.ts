import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '@fupin/domain';
import { ENGINES, createTestDatabase } from './db.js';
import { TestClient, makeUser, testApp, firstPoorVillage } from './harness.js';
import type { App } from '../src/app.js';
import { JobWorker } from '../src/modules/jobs/runner.js';
import { JOB_DEFINITIONS } from '../src/modules/jobs/definitions.js';
import { COLUMNS } from '../src/modules/registry/transfer/columns.js';
import { releaseCursor } from '../src/modules/registry/transfer/reader.js';
import { workingCopyPath } from '../src/modules/registry/transfer/storage.js';
import { importTuning } from '../src/modules/registry/transfer/importJob.js';
import { groupByYearRows, readYearRows } from '../src/modules/progress/aggregates.js';
import { systemActor, withScope } from '../src/db/scope.js';
import { createHouseholds } from '../src/modules/registry/create.js';

const defaultChunkRows = importTuning.chunkRows;

/** Reads `rows` rows per job step for the rest of the test. */
function smallChunks(rows: number): void {
  importTuning.chunkRows = rows;
  onTestFinished(() => {
    importTuning.chunkRows = defaultChunkRows;
  });
}

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
type Row = Record<string, string | number>;

const HEADERS: string[] = COLUMNS.map((c) => c.header);

/** A valid family of three as template rows; household columns on the first row only when `sparse`. */
function familyRows(village: string, seq: number, householdNo: string | null, sparse = false): Row[] {
  const county = village.slice(0, 6);
  const household: Row = {
    '村代码(12位)': village,
    组: '3',
    户编号: householdNo ?? '',
    户主姓名: `张${seq}明`,
    联系电话: '13800138000',
    开户银行: '农村信用社',
    银行账号: '6228480012345678',
    识别标准: '国家',
    贫困户属性: '一般贫困户',
    主要致贫原因: '因病',
    其他致贫原因: '缺资金',
    识别年月: '2015-03',
    年度: 2015,
    工资性收入: 4000,
    生产经营性收入: 2000,
    低保金: 1200,
    生产经营性支出: 800,
    住房危房等级: 'C',
    饮水安全: '是',
  };
  const members: Row[] = [
    {
      姓名: `张${seq}明`,
      性别: '男',
      证件号码: makeIdNumber(county, '1970-03-05', seq * 3 + 1, '男'),
      出生日期: '1970-03-05',
      与户主关系: '户主',
      民族: '土家族',
      文化程度: '初中',
      健康状况: '长期慢性病',
      劳动技能: '普通劳动力',
      参加城乡居民基本医疗保险: '是',
    },
    {
      姓名: `李${seq}芳`,
      性别: '女',
      证件号码: makeIdNumber(county, '1972-07-09', seq * 3 + 2, '女'),
      出生日期: '1972-07-09',
      与户主关系: '配偶',
      文化程度: '小学',
      健康状况: '健康',
      劳动技能: '普通劳动力',
      '务工时间(月)': 6,
      务工地点: '县外省内',
    },
    {
      姓名: `张${seq}小`,
      // Blank sex and birth date are taken from the ID number.
      证件号码: makeIdNumber(county, '2012-01-20', seq * 3 + 3, '男'),
      与户主关系: '之子',
      在校生状况: '小学',
      健康状况: '健康',
      劳动技能: '无劳动力',
    },
  ];
  return members.map((m, i) => (sparse && i > 0 ? { 户编号: householdNo ?? '', ...m } : { ...household, ...m }));
}

async function xlsxOf(rows: Row[], headers: string[] = HEADERS, title?: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('贫困户信息');
  if (title) sheet.addRow([title]);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvOf(rows: Row[]): Buffer {
  const quote = (v: string | number | undefined) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const lines = [HEADERS.join(','), ...rows.map((r) => HEADERS.map((h) => quote(r[h])).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function readSheet(buffer: Buffer, sheetIndex = 0): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[sheetIndex];
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

function upload(client: TestClient, content: Buffer, fileName: string, mode: 'all' | 'good', lang = 'zh-CN') {
  const boundary = `----fupin${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request('POST', `/api/households/imports?mode=${mode}`, body, {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': lang },
  });
}

describe.each(ENGINES)('registry import and export on %s', (engine) => {
  let database: TestDb;
  let app: App;
  let lichuan: TestClient;
  let zhuxi: TestClient;
  let evaluator: TestClient;
  let villageLc: string;
  let villageZx: string;
  let worker: JobWorker;

  /** Uploads, runs the job to its end, and returns the import's final view. */
  async function importFile(client: TestClient, content: Buffer, fileName: string, mode: 'all' | 'good') {
    const res = await upload(client, content, fileName, mode);
    expect(res.statusCode, res.body).toBe(200);
    while (await worker.runOne());
    const view = await client.get(`/api/households/imports/${res.json().id}`);
    expect(view.statusCode).toBe(200);
    return view.json();
  }

  async function count(table: 'households' | 'members' | 'person_ids' | 'household_incomes', county: string) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where county_code = ${county}`.execute(database.owner);
    return r.rows[0]?.n ?? -1;
  }

  /** Runs the queued import until `steps` steps have reported progress, then stops its worker (as a restart would). */
  async function stopAfterSteps(steps: number, onProgress: (done: number, total: number) => void = () => undefined) {
    let seen = 0;
    const partway: JobWorker = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done, total) => {
        onProgress(done, total);
        seen += 1;
        if (seen === steps) void partway.stop();
      },
    });
    partway.start();
    while (seen < steps) await new Promise((r) => setTimeout(r, 20));
    await partway.stop();
  }

  /** Rows, households and marker an import has in staging. */
  async function staged(id: string) {
    const r = await sql<{
      n: number;
    }>`select ((select count(*) from registry_import_rows where import_id = ${id}::bigint)
      + (select count(*) from registry_import_households where import_id = ${id}::bigint)
      + (select count(*) from registry_import_staging where import_id = ${id}::bigint))::int as n`.execute(
      database.owner,
    );
    return r.rows[0]?.n ?? -1;
  }

  async function auditCount(exceptImports: boolean) {
    const r = exceptImports
      ? await sql<{ n: number }>`select count(*)::int as n from audit_log
          where entity not in ('job', 'household_import')`.execute(database.owner)
      : await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(database.owner);
    return r.rows[0]?.n ?? -1;
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await testApp(database);
    await makeUser(database, 'tflc', 'county_officer', '422802');
    await makeUser(database, 'tfzx', 'county_officer', '420324');
    await makeUser(database, 'tfeval', 'evaluator', '42');
    lichuan = new TestClient(app);
    zhuxi = new TestClient(app);
    evaluator = new TestClient(app);
    await lichuan.login('tflc');
    await zhuxi.login('tfzx');
    await evaluator.login('tfeval');
    villageLc = await firstPoorVillage(database, '422802');
    villageZx = await firstPoorVillage(database, '420324');
    worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('serves the template as .xlsx (form headers, 说明 sheet) and as CSV', async () => {
    const res = await lichuan.get('/api/households/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [header] = await readSheet(res.rawPayload);
    expect(header).toEqual(HEADERS);
    const notes = await readSheet(res.rawPayload, 1);
    expect(notes[0]).toEqual(['列名', 'Column', '级别', '必填', '格式与说明', '可选值']);
    expect(notes.find((r) => r[0] === '与户主关系')?.[5]).toContain('户主、配偶');
    const csv = await lichuan.get('/api/households/template.xlsx?format=csv');
    expect(csv.body.startsWith('\uFEFF村代码(12位),组,户编号,户主姓名')).toBe(true);
    expect((await evaluator.get('/api/households/template.xlsx')).statusCode).toBe(403);
  });

  it("in mode 'all' writes nothing when one household is bad; in mode 'good' exactly the good ones", async () => {
    const bad = familyRows(villageLc, 13, 'T-13');
    const id = String(bad[1]?.['证件号码']);
    bad[1] = { ...bad[1], 证件号码: id.slice(0, 17) + (id.endsWith('1') ? '2' : '1') };
    const file = await xlsxOf([
      ...familyRows(villageLc, 10, 'T-10'),
      ...familyRows(villageLc, 11, 'T-11', true),
      ...bad,
      ...familyRows(villageLc, 12, 'T-12'),
    ]);
    const audit = await auditCount(true);

    const all = await importFile(lichuan, file, 'families.xlsx', 'all');
    expect(all).toMatchObject({
      status: 'rejected',
      mode: 'all',
      counts: { rows: 12, rowsRead: 12, households: { ok: 3, bad: 1, unchanged: 0, written: 0 } },
      progress: { done: 12, total: 12 },
    });
    expect(await count('households', '422802')).toBe(0);
    expect(await count('person_ids', '422802')).toBe(0);
    expect(await auditCount(true)).toBe(audit);

    const good = await importFile(lichuan, file, 'families.xlsx', 'good');
    expect(good).toMatchObject({
      status: 'completed',
      counts: { households: { ok: 3, bad: 1, unchanged: 0, written: 3 } },
    });
    const numbers = await sql<{ household_no: string; size: number; per_capita_income: string }>`
      select household_no, size, per_capita_income from households where county_code = '422802'
      order by household_no`.execute(database.owner);
    expect(numbers.rows.map((r) => [r.household_no, r.size, Number(r.per_capita_income)])).toEqual([
      ['T-10', 3, 2133.33],
      ['T-11', 3, 2133.33],
      ['T-12', 3, 2133.33],
    ]);
    expect(await count('members', '422802')).toBe(9);
    // Sex and birth date left blank were taken from the ID number.
    const child = await sql<{ sex: string; birth_date: string }>`select sex, birth_date::text as birth_date
      from members where name = '张11小'`.execute(database.owner);
    expect(child.rows).toEqual([{ sex: '男', birth_date: '2012-01-20' }]);
    // One audit entry per household plus one for the import.
    const actions = await sql<{ action: string; n: number }>`select action, count(*)::int as n from audit_log
      where entity in ('household', 'household_import') group by action order by action`.execute(database.owner);
    expect(actions.rows).toEqual([
      { action: 'household.create', n: 3 },
      { action: 'household.import', n: 2 },
    ]);

    // The same file again: the three are recognised as unchanged, nothing is written.
    const before = {
      households: await count('households', '422802'),
      members: await count('members', '422802'),
      incomes: await count('household_incomes', '422802'),
      audit: await auditCount(true),
    };
    const again = await importFile(lichuan, file, 'families.xlsx', 'good');
    expect(again).toMatchObject({
      status: 'completed',
      counts: { households: { ok: 0, bad: 1, unchanged: 3, written: 0 } },
    });
    expect({
      households: await count('households', '422802'),
      members: await count('members', '422802'),
      incomes: await count('household_incomes', '422802'),
      audit: await auditCount(true),
    }).toEqual(before);
  });

  it('numbers unnumbered households and refuses what the registry took while the file was being read', async () => {
    /** Uploads and runs the job until its rows are read and checked (staged), not yet registered. */
    async function stageOnly(content: Buffer, mode: 'all' | 'good'): Promise<string> {
      const res = await upload(zhuxi, content, 'meanwhile.xlsx', mode);
      expect(res.statusCode, res.body).toBe(200);
      let steps = 0;
      const reader: JobWorker = new JobWorker(database.db, JOB_DEFINITIONS, {
        staleAfterMs: 0,
        onProgress: () => {
          steps += 1;
          void reader.stop();
        },
      });
      reader.start();
      while (steps < 1) await new Promise((r) => setTimeout(r, 20));
      await reader.stop();
      await releaseCursor(res.json().id);
      return String(res.json().id);
    }
    async function finish(id: string) {
      // As after a restart: the stopped reader's job is taken up by another worker.
      const resumed = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 0 });
      while (await resumed.runOne());
      return (await zhuxi.get(`/api/households/imports/${id}`)).json();
    }
    async function findings(id: string) {
      const report = await zhuxi.get(`/api/households/imports/${id}/errors.xlsx`);
      const [, ...lines] = await readSheet(report.rawPayload);
      const n = HEADERS.length;
      return lines.map((l) => [l[n], l[n + 1], String(l[n + 3])]);
    }
    /** Registers on the form a household whose head holds the given ID number. */
    async function registerOnForm(idNumber: string, householdNumber?: string) {
      const res = await zhuxi.post('/api/households', {
        household: {
          villageCode: villageZx,
          ...(householdNumber ? { householdNumber } : {}),
          attribute: '一般贫困户',
          mainCause: '因病',
          members: [{ name: '王先登', sex: '男', idNumber, birthDate: '1970-03-05', relation: '户主' }],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const county = villageZx.slice(0, 6);
    const file = await xlsxOf([
      ...familyRows(villageZx, 60, null),
      ...familyRows(villageZx, 61, `${villageZx}0007`),
      ...familyRows(villageZx, 62, null),
      ...familyRows(villageZx, 63, 'Z-63'),
      ...familyRows(villageZx, 64, 'Z-64'),
    ]);
    const households = await count('households', county);

    // Mode 'all': a head's ID number registered on the form meanwhile rejects the whole file.
    const rejected = await stageOnly(file, 'all');
    await registerOnForm(String(familyRows(villageZx, 62, null)[0]?.['证件号码']));
    expect(await finish(rejected)).toMatchObject({
      status: 'rejected',
      counts: { households: { bad: 1, written: 0 } },
    });
    expect(await findings(rejected)).toEqual([[8, '证件号码', expect.stringContaining('already registered')]]);
    expect(await count('households', county)).toBe(households + 1);

    // Mode 'good': that household and one whose number was taken meanwhile are skipped, the rest written.
    const skipped = await stageOnly(file, 'good');
    await registerOnForm(makeIdNumber(county, '1970-03-05', 999, '男'), 'Z-64');
    const view = await finish(skipped);
    expect(view).toMatchObject({ status: 'completed', counts: { households: { ok: 3, bad: 2, written: 3 } } });
    expect(await findings(skipped)).toEqual([
      [8, '证件号码', expect.stringContaining('already registered')],
      [14, '户编号', expect.stringContaining('Z-64')],
    ]);
    const written = await sql<{ household_no: string; head_name: string; size: number }>`
      select household_no, head_name, size from households where county_code = ${county} and head_name like '张6_明'
      order by head_name`.execute(database.owner);
    // The unnumbered household follows the highest number of its village (0007 from the file).
    expect(written.rows).toEqual([
      { household_no: `${villageZx}0008`, head_name: '张60明', size: 3 },
      { household_no: `${villageZx}0007`, head_name: '张61明', size: 3 },
      { household_no: 'Z-63', head_name: '张63明', size: 3 },
    ]);
    const rows = await sql<{ members: number; ids: number; incomes: number; history: number; audit: number }>`
      select (select count(*)::int from members m join households h on h.county_code = m.county_code and h.id = m.household_id
                where h.head_name like '张6_明') as members,
             (select count(*)::int from person_ids p join households h on h.county_code = p.county_code and h.id = p.household_id
                where h.head_name like '张6_明') as ids,
             (select count(*)::int from household_incomes i join households h on h.county_code = i.county_code and h.id = i.household_id
                where h.head_name like '张6_明') as incomes,
             (select count(*)::int from household_history y join households h on h.county_code = y.county_code and h.id = y.household_id
                where h.head_name like '张6_明' and y.change = 'registered') as history,
             (select count(*)::int from audit_log a where a.action = 'household.create' and a.after ->> 'importId' = ${skipped})
               as audit`.execute(database.owner);
    expect(rows.rows[0]).toEqual({ members: 9, ids: 9, incomes: 3, history: 3, audit: 3 });
    // Registered as the form registers: the same file again finds all three unchanged.
    const again = await importFile(zhuxi, file, 'meanwhile.xlsx', 'good');
    expect(again).toMatchObject({ counts: { households: { unchanged: 3, written: 0 } } });
  });

  it.skipIf(engine === 'pglite')(
    'registers an ID number shared by two imports running side by side once, and reports it in the other',
    async () => {
      const a = familyRows(villageZx, 70, 'Z-70');
      const b = familyRows(villageZx, 71, 'Z-71');
      const shared = String(a[2]?.['证件号码']);
      b[2] = { ...b[2], 证件号码: shared };
      const ids: string[] = [];
      for (const [rows, name] of [
        [a, 'side-a.xlsx'],
        [b, 'side-b.xlsx'],
      ] as const) {
        const res = await upload(zhuxi, await xlsxOf(rows), name, 'good');
        expect(res.statusCode, res.body).toBe(200);
        ids.push(String(res.json().id));
      }
      // Two workers, each taking one import, so that both reach their last step together.
      const workers = [0, 1].map(() => new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 }));
      await Promise.all(workers.map((w) => w.runOne()));
      const jobs = await sql<{ status: string; attempts: number; error: string | null }>`
        select status, attempts, error from jobs where type = 'registry.import'
          and payload ->> 'importId' in (${ids[0]}, ${ids[1]}) order by id`.execute(database.owner);
      // Each finished on its first attempt: the second waited for the first instead of failing on the key.
      expect(jobs.rows).toEqual([
        { status: 'succeeded', attempts: 1, error: null },
        { status: 'succeeded', attempts: 1, error: null },
      ]);
      const views = await Promise.all(ids.map(async (id) => (await zhuxi.get(`/api/households/imports/${id}`)).json()));
      const written = views.map((v) => v.counts.households.written as number).sort();
      expect(written).toEqual([0, 1]);
      const owners = await sql<{
        n: number;
      }>`select count(*)::int as n from person_ids where id_number = ${shared}`.execute(database.owner);
      expect(owners.rows[0]?.n).toBe(1);
    },
  );

  // Clean, the skipped household's rows reach staging only through the writer; with a warning,
  // staging holds them already (the job's open transaction wrote them, the writer must not).
  for (const [seq, warned, registrationBirth] of [
    [98, false, '1970-03-05'],
    [56, true, '1971-04-06'],
  ] as const) {
    it.skipIf(engine === 'pglite')(
      `finds an ID number the file repeats in a household whose number was registered while the writer waited${warned ? ', with a warning' : ''}`,
      async () => {
        const takenNo = `V-${seq}`;
        const taken = familyRows(villageZx, seq, takenNo);
        const other = familyRows(villageZx, seq + 1, `V-${seq + 1}`);
        // A working-age, healthy spouse without labour: a warning that does not refuse the household.
        if (warned) taken[1] = { ...taken[1], 劳动技能: '无劳动力' };
        const shared = String(taken[2]?.['证件号码']);
        other[2] = { ...other[2], 证件号码: shared };
        const res = await upload(zhuxi, await xlsxOf([...taken, ...other]), 'waited.xlsx', 'good');
        expect(res.statusCode, res.body).toBe(200);
        const id = String(res.json().id);
        // A registration of its number not yet committed when the file is checked: the writer's insert
        // waits for it, then skips the household on its number.
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        let registered: (() => void) | undefined;
        const inserted = new Promise<void>((resolve) => (registered = resolve));
        const registration = withScope(database.db, systemActor('t'), async (tx) => {
          const { refused } = await createHouseholds(tx, '42', [
            {
              household: {
                villageCode: villageZx,
                householdNumber: takenNo,
                attribute: '一般贫困户',
                mainCause: '因病',
                members: [
                  {
                    name: '王先登',
                    sex: '男',
                    idNumber: makeIdNumber(villageZx.slice(0, 6), registrationBirth, 998, '男'),
                    birthDate: registrationBirth,
                    relation: '户主',
                  },
                ],
              },
            },
          ]);
          expect(refused, JSON.stringify(refused)).toEqual([]);
          registered?.();
          await held;
        });
        await inserted;
        const worker = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 60_000 });
        const running = worker.runOne();
        for (let waited = 0; ; waited += 1) {
          const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(database.owner);
          if ((waiting.rows[0]?.n ?? 0) > 0) break;
          if (waited > 500) throw new Error('the import never waited for the registration');
          await new Promise((r) => setTimeout(r, 20));
        }
        release();
        await registration;
        await running;
        const view = (await zhuxi.get(`/api/households/imports/${id}`)).json();
        expect(view).toMatchObject({ status: 'completed', counts: { households: { bad: 2, written: 0 } } });
        const report = await zhuxi.get(`/api/households/imports/${id}/errors.xlsx`);
        const [, ...lines] = await readSheet(report.rawPayload);
        const n = HEADERS.length;
        expect(lines.map((l) => [l[n], l[n + 1], String(l[n + 3])])).toEqual([
          [2, '户编号', expect.stringContaining(takenNo)],
          ...(warned ? [[3, '劳动技能', expect.stringContaining('no labour')]] : []),
          [4, '证件号码', expect.stringContaining('more than once in the file (rows 4、7)')],
          [7, '证件号码', expect.stringContaining('more than once in the file (rows 4、7)')],
        ]);
        // The report shows the refused rows' cells, read from the stored file.
        const cells = lines.map((l) => l[HEADERS.indexOf('证件号码')]);
        expect(cells.slice(-2)).toEqual([shared, shared]);
      },
    );
  }

  it('reports every bad row by row, column and reason, and the report reads back', async () => {
    const registered = familyRows(villageLc, 10, 'T-10')[0]?.['证件号码'];
    const dupA = familyRows(villageLc, 22, 'E-22');
    const dupB = familyRows(villageLc, 23, 'E-23');
    dupB[2] = { ...dupB[2], 证件号码: String(dupA[2]?.['证件号码']) };
    const checkDigit = familyRows(villageLc, 21, 'E-21');
    const wrong = String(checkDigit[1]?.['证件号码']);
    checkDigit[1] = { ...checkDigit[1], 证件号码: wrong.slice(0, 17) + (wrong.endsWith('1') ? '2' : '1') };
    const taken = familyRows(villageLc, 24, 'E-24');
    taken[0] = { ...taken[0], 证件号码: String(registered) };
    const twoHeads = familyRows(villageLc, 25, 'E-25');
    twoHeads[1] = { ...twoHeads[1], 与户主关系: '户主' };
    const text = familyRows(villageLc, 26, 'E-26');
    text[0] = { ...text[0], 工资性收入: '四千元' };
    const outside = familyRows(villageZx, 27, 'E-27');
    const unknown = familyRows(villageLc, 28, 'E-28');
    unknown[2] = { ...unknown[2], 与户主关系: '儿子' };
    const community = await sql<{ code: string }>`select code from regions
      where code like '422802%' and kind = 'community' order by code limit 1`.execute(database.owner);
    const urban = familyRows(community.rows[0]?.code ?? '', 29, 'E-29');
    const rows = [
      ...familyRows(villageLc, 20, 'E-20'),
      ...checkDigit,
      ...dupA,
      ...dupB,
      ...taken,
      ...twoHeads,
      ...text,
      ...outside,
      ...unknown,
      ...urban,
    ];
    const households = await count('households', '422802');
    const view = await importFile(lichuan, await xlsxOf(rows, HEADERS, '利川市贫困户信息'), 'bad.xlsx', 'all');
    expect(view).toMatchObject({
      status: 'rejected',
      counts: { rows: 30, households: { ok: 1, bad: 9, written: 0 } },
    });
    expect(await count('households', '422802')).toBe(households);

    const report = await lichuan.get(`/api/households/imports/${view.id}/errors.xlsx`);
    expect(report.statusCode).toBe(200);
    const [header, ...lines] = await readSheet(report.rawPayload);
    expect(header).toEqual([...HEADERS, '行号', '列', '错误原因', 'Reason']);
    const n = HEADERS.length;
    const found = lines.map((l) => ({ row: l[n], column: l[n + 1], zh: String(l[n + 2]), en: String(l[n + 3]) }));
    // Data starts at spreadsheet row 3 (a title row, then the header); each family has 3 rows.
    const rowOf = (family: number, member: number) => 3 + family * 3 + member;
    const expectFinding = (row: number, column: string, zh: string, en: string) =>
      expect(found, `${row} ${column} ${zh}`).toContainEqual({
        row,
        column,
        zh: expect.stringContaining(zh),
        en: expect.stringContaining(en),
      });
    expectFinding(rowOf(1, 1), '证件号码', '校验位错误', 'check digit');
    expectFinding(rowOf(2, 2), '证件号码', '在本文件中出现多次', 'more than once');
    expectFinding(rowOf(3, 2), '证件号码', '在本文件中出现多次', 'more than once');
    expectFinding(rowOf(4, 0), '证件号码', '已在全省其他户中登记', 'already registered');
    expectFinding(rowOf(5, 1), '与户主关系', '只能有一名户主', 'only one head');
    expectFinding(rowOf(6, 0), '工资性收入', '不是数字', 'not a number');
    for (const m of [0, 1, 2]) expectFinding(rowOf(7, m), '村代码(12位)', '不在您的辖区内', 'outside your region');
    expectFinding(rowOf(8, 2), '与户主关系', '不是允许的值', 'not an allowed value');
    expectFinding(rowOf(9, 0), '村代码(12位)', '不是村委会', 'not a village committee');
    // The good household has no line; every line carries the row's original cells.
    expect(found.some((f) => Number(f.row) <= rowOf(0, 2))).toBe(false);
    const textLine = lines.find((l) => l[n] === rowOf(6, 0));
    expect(textLine?.[HEADERS.indexOf('工资性收入')]).toBe('四千元');
    expect(textLine?.[HEADERS.indexOf('姓名')]).toBe('张26明');
  });

  it('reads a file larger than one chunk in several resumable steps, Chinese text intact', async () => {
    const county = villageLc.slice(0, 6);
    const rows: Row[] = [];
    for (let h = 0; h < 200; h += 1) {
      for (const [i, r] of familyRows(villageLc, 100 + h, `L-${h}`).entries()) {
        // Long, distinct Chinese text, so that multi-byte characters straddle the zip's chunks.
        const name = `${'欧阳司马诸葛'.slice(i, i + 2)}${'龘靐齉爩'.repeat(2)}${h}`;
        const id = makeIdNumber(county, `19${60 + (h % 30)}-0${1 + i}-1${h % 10}`, 100 + h, i === 1 ? '女' : '男');
        rows.push({ ...r, 姓名: name, 证件号码: id, 出生日期: '', 户主姓名: i === 0 ? name : '' });
      }
    }
    const before = await count('households', county);
    smallChunks(500);
    const res = await upload(lichuan, await xlsxOf(rows), 'large.xlsx', 'all');
    expect(res.statusCode, res.body).toBe(200);
    const progress: number[] = [];
    await stopAfterSteps(1, (done, total) => progress.push(done, total));
    // Stopped after its first chunk: checked rows are staged (on PostgreSQL, its households written
    // by the registry writer and rolled back with it), no household is in the registry.
    expect(await count('households', county)).toBe(before);
    // As after a restart: the file is opened again and read on from the checkpoint (PGlite), or
    // read again from the start, as the registry writer's transaction went with the worker (PostgreSQL).
    await releaseCursor(res.json().id);
    const second = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done, total) => progress.push(done, total),
    });
    while (await second.runOne());
    // 167 whole households (501 rows) in the first step, the rest in the second, then duplicates and write.
    const again = engine === 'postgres' ? [0, 600, 501, 600] : [];
    expect(progress).toEqual([501, 600, ...again, 600, 600, 600, 600, 600, 600]);
    const view = (await lichuan.get(`/api/households/imports/${res.json().id}`)).json();
    expect(view).toMatchObject({ status: 'completed', counts: { rows: 600, households: { written: 200, bad: 0 } } });
    const names = await sql<{ name: string }>`select name from members where name like '%龘靐%'`.execute(
      database.owner,
    );
    expect(names.rows.length).toBe(600);
    expect(names.rows.filter((r) => !/^[欧阳司马诸葛]{2}(龘靐齉爩){2}\d+$/.test(r.name))).toEqual([]);
  });

  it('reads the file again when a crash emptied its staging, and keeps only the report rows at the end', async () => {
    const county = villageLc.slice(0, 6);
    const rows: Row[] = [];
    for (let h = 0; h < 30; h += 1) rows.push(...familyRows(villageLc, 300 + h, `R-${h}`));
    // A bad row in the first step's chunk: after reading again it is reported once, not twice.
    rows[1] = { ...rows[1], 工资性收入: '五千' };
    const before = await count('households', county);
    smallChunks(30);
    const res = await upload(lichuan, await xlsxOf(rows), 'crash.xlsx', 'good');
    expect(res.statusCode, res.body).toBe(200);
    const id = String(res.json().id);
    const progress: number[] = [];
    await stopAfterSteps(2, (done) => progress.push(done));
    expect(await staged(id)).toBeGreaterThan(0);
    // What crash recovery does to unlogged tables (migration 012): they come back empty.
    await sql`truncate registry_import_rows, registry_import_households, registry_import_staging`.execute(
      database.owner,
    );
    await releaseCursor(id);
    const second = new JobWorker(database.db, JOB_DEFINITIONS, {
      staleAfterMs: 0,
      onProgress: (_id, done) => progress.push(done),
    });
    while (await second.runOne());
    // Read again from the start (progress back to 0) and on to the end.
    expect(progress.slice(2, 3)).toEqual([0]);
    const view = (await lichuan.get(`/api/households/imports/${id}`)).json();
    expect(view).toMatchObject({
      status: 'completed',
      counts: { rows: 90, rowsRead: 90, errors: 1, households: { ok: 29, bad: 1, written: 29 } },
    });
    expect(await count('households', county)).toBe(before + 29);
    // Staging is gone; the bad row's cells stay for the error report.
    expect(await staged(id)).toBe(0);
    const report = await lichuan.get(`/api/households/imports/${id}/errors.xlsx`);
    const [, ...lines] = await readSheet(report.rawPayload);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[HEADERS.indexOf('工资性收入')]).toBe('五千');
  });

  it('reports an ID number repeated steps apart with both rows’ original cells', async () => {
    const rows: Row[] = [];
    for (let h = 0; h < 6; h += 1) rows.push(...familyRows(villageLc, 41 + h, `F-${h}`));
    // The fifth household's spouse carries the first household's spouse's ID number: the two rows
    // are read in different steps, so the first was written (PostgreSQL) before the repeat was seen.
    rows[13] = { ...rows[13], 证件号码: String(rows[1]?.['证件号码']) };
    smallChunks(9);
    const view = await importFile(lichuan, await xlsxOf(rows), 'repeat.xlsx', 'good');
    expect(view).toMatchObject({ status: 'completed', counts: { households: { written: 4, bad: 2 } } });
    const report = await lichuan.get(`/api/households/imports/${String(view.id)}/errors.xlsx`);
    expect(report.statusCode).toBe(200);
    const [head, ...lines] = await readSheet(report.rawPayload);
    const n = (head ?? []).indexOf('行号');
    const repeated = lines.filter((l) => String(l[n + 3]).includes('more than once in the file'));
    expect(repeated.map((l) => Number(l[n]))).toEqual([3, 15]);
    for (const line of repeated) {
      expect(line[HEADERS.indexOf('姓名')]).toBe(rows[Number(line[n]) - 2]?.['姓名']);
      expect(line[HEADERS.indexOf('证件号码')]).toBe(rows[1]?.['证件号码']);
    }
    // Both households are gone with every row they were written with (PostgreSQL): no ID number
    // of theirs is held, so each can be registered again, and no person_ids row is left without
    // its member.
    const refusedIds = [...rows.slice(0, 3), ...rows.slice(12, 15)].map((r) => String(r['证件号码']));
    const held = await sql<{ id_number: string }>`
      select id_number from person_ids where id_number = any(${refusedIds}::text[])`.execute(database.owner);
    expect(held.rows).toEqual([]);
    const orphans = await sql<{ n: number }>`select count(*)::int as n from person_ids p
      where not exists (select 1 from members m where m.county_code = p.county_code and m.id = p.member_id)`.execute(
      database.owner,
    );
    expect(orphans.rows[0]?.n).toBe(0);
  });

  it('leaves the kept counts of the village equal to its registry after an import', async () => {
    // On PostgreSQL the writer defers the households' counting triggers and counts once at the end.
    const rows: Row[] = [];
    for (let h = 0; h < 3; h += 1) rows.push(...familyRows(villageLc, 95 + h, `G-${h}`));
    const view = await importFile(lichuan, await xlsxOf(rows), 'counts.xlsx', 'good');
    expect(view).toMatchObject({ status: 'completed', counts: { households: { written: 3 } } });
    const registry = await sql<{ households: number; poor: number }>`
      select count(*) filter (where status <> '已销户')::int as households,
             count(*) filter (where status in ('未脱贫', '返贫'))::int as poor
      from households where village_code = ${villageLc}`.execute(database.owner);
    const expected = registry.rows[0];
    expect(expected?.households).toBeGreaterThan(0);
    const kept = await withScope(database.db, systemActor('t'), (tx) => readYearRows(tx, [villageLc]));
    expect(kept.reduce((n, r) => n + Number(r.households), 0)).toBe(expected?.households);
    // Every kept figure (people, causes, years) of the village and the regions above it, as a
    // GROUP BY over the registry has them: the count passes equal households once, with their number.
    const regions = [villageLc, villageLc.slice(0, 9), villageLc.slice(0, 6), villageLc.slice(0, 4)];
    const counted = await withScope(database.db, systemActor('t'), async (tx) => ({
      kept: await readYearRows(tx, regions),
      registry: await groupByYearRows(tx, regions),
    }));
    expect(counted.kept).toEqual(counted.registry);
    const coverage = await sql<{ poor_households: number }>`
      select poor_households from assistance_village_counts where village_code = ${villageLc}`.execute(database.owner);
    expect(coverage.rows[0]?.poor_households).toBe(expected?.poor);

    // Into a village that had no coverage row yet (not designated, no poor household), together with
    // more households of the village above, which has one: every coverage row of the villages and
    // their county is what a recount from the base tables makes of it.
    const bare = await sql<{ code: string }>`select r.code from regions r
      where r.code like '422802%' and r.level = 'village' and r.poor_designation is null
        and substr(r.code, 10, 3) between '200' and '399'
        and not exists (select 1 from households h where h.village_code = r.code)
        and not exists (select 1 from assistance_village_counts a where a.village_code = r.code)
      order by r.code limit 1`.execute(database.owner);
    const villageBare = bare.rows[0]?.code ?? '';
    expect(villageBare).not.toBe('');
    const more = [...familyRows(villageBare, 52, null), ...familyRows(villageLc, 53, null)];
    expect(await importFile(lichuan, await xlsxOf(more), 'counts-2.xlsx', 'good')).toMatchObject({
      status: 'completed',
      counts: { households: { written: 2 } },
    });
    const coverageRows = async () => {
      const r = await sql<{ rows: unknown }>`select jsonb_build_object(
          'villages', (select jsonb_agg(to_jsonb(v) order by v.village_code) from assistance_village_counts v
                       where v.village_code in (${villageLc}, ${villageBare})),
          'county', (select to_jsonb(c) from assistance_county_counts c where c.county_code = '422802')) as rows`.execute(
        database.owner,
      );
      return r.rows[0]?.rows;
    };
    const afterImport = await coverageRows();
    expect(JSON.stringify(afterImport)).toContain(villageBare);
    await sql`select fupin_assistance_recount(array[${villageLc}, ${villageBare}]::text[])`.execute(database.owner);
    expect(afterImport).toEqual(await coverageRows());
  });

  it('ends a job whose import committed when its last step did not, writing nothing twice', async () => {
    const county = villageLc.slice(0, 6);
    const rows: Row[] = [];
    for (let h = 0; h < 5; h += 1) rows.push(...familyRows(villageLc, 90 + h, `K-${h}`));
    const before = await count('households', county);
    const view = await importFile(lichuan, await xlsxOf(rows), 'committed.xlsx', 'good');
    expect(view).toMatchObject({ status: 'completed', counts: { households: { written: 5 } } });
    const auditBefore = await auditCount(true);
    // As when the registry writer committed the import and the process died before the step's
    // own transaction did: the job is back at its last step, its writer gone.
    await sql`update jobs set status = 'queued', result = null, finished_at = null, worker_id = null,
        state = jsonb_build_object('phase', 'apply', 'total', 15, 'writer', 'gone')
      where id = (select job_id from registry_imports where id = ${String(view.id)}::bigint)`.execute(database.owner);
    while (await worker.runOne());
    const job = await sql<{ status: string; result: { households: { written: number } } }>`
      select status, result from jobs where id = (select job_id from registry_imports where id = ${String(view.id)}::bigint)`.execute(
      database.owner,
    );
    expect(job.rows[0]).toMatchObject({ status: 'succeeded', result: { households: { written: 5 } } });
    expect(await count('households', county)).toBe(before + 5);
    expect(await auditCount(true)).toBe(auditBefore);
  });

  it('releases the staging of an import cancelled part-way, running or waiting for another attempt', async () => {
    const county = villageLc.slice(0, 6);
    const before = await count('households', county);
    smallChunks(30);
    /** Uploads 30 households (one with a bad row) and runs the first two of its three reading steps. */
    const startAndStop = async (prefix: string, first: number) => {
      const rows: Row[] = [];
      for (let h = 0; h < 30; h += 1) rows.push(...familyRows(villageLc, first + h, `${prefix}-${h}`));
      rows[1] = { ...rows[1], 工资性收入: '五千' };
      const res = await upload(lichuan, await xlsxOf(rows), `${prefix}.xlsx`, 'good');
      expect(res.statusCode, res.body).toBe(200);
      const id = String(res.json().id);
      await stopAfterSteps(2);
      expect(await staged(id)).toBeGreaterThan(0);
      const job = await sql<{ job_id: string }>`select job_id::text as job_id from registry_imports
        where id = ${id}::bigint`.execute(database.owner);
      return { id, jobId: job.rows[0]?.job_id ?? '' };
    };
    const reportRows = async (id: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from registry_import_report_rows
          where import_id = ${id}::bigint`.execute(database.owner)
      ).rows[0]?.n ?? -1;

    // Running: the cancel is a request; the worker ends the job before its next step and releases.
    const running = await startAndStop('C', 60);
    const asked = await lichuan.post(`/api/jobs/${running.jobId}/cancel`);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().status).toBe('running');
    const next = new JobWorker(database.db, JOB_DEFINITIONS, { staleAfterMs: 0 });
    while (await next.runOne());
    expect((await lichuan.get(`/api/households/imports/${running.id}`)).json().status).toBe('cancelled');
    expect(await staged(running.id)).toBe(0);
    expect(await reportRows(running.id)).toBe(1);

    // Waiting for another attempt after a failure (queued with its checkpoint): cancelled at once.
    const waiting = await startAndStop('Q', 60); // the same people: nothing was registered
    await sql`update jobs set status = 'queued', worker_id = null, run_after = now() + interval '1 hour'
      where id = ${waiting.jobId}::bigint`.execute(database.owner);
    const cancelled = await lichuan.post(`/api/jobs/${waiting.jobId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await staged(waiting.id)).toBe(0);
    expect(await reportRows(waiting.id)).toBe(1);
    await releaseCursor(waiting.id);

    expect(await count('households', county)).toBe(before);
  });

  it('fails a whole file with wrong headers, no rows, or no spreadsheet at all, in the user’s language', async () => {
    const wrong = await importFile(
      lichuan,
      await xlsxOf(familyRows(villageLc, 40, 'W-40'), [...HEADERS.slice(0, -1), '备注']),
      'wrong.xlsx',
      'all',
    );
    expect(wrong.status).toBe('rejected');
    expect(wrong.fileError.code).toBe('import.file.headers');
    expect(wrong.fileError.message).toContain('缺少的列：饮水安全');
    expect(wrong.fileError.message).toContain('无法识别的列：备注');

    const empty = await importFile(lichuan, await xlsxOf([]), 'empty.xlsx', 'all');
    expect(empty).toMatchObject({ status: 'rejected', fileError: { code: 'import.file.noRows' } });

    const zero = await upload(lichuan, Buffer.alloc(0), 'zero.xlsx', 'all');
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details).toMatchObject({ code: 'import.file.empty', message: '文件是空的' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const notSheet = await upload(lichuan, png, 'photo.xlsx', 'all', 'en');
    expect(notSheet.statusCode).toBe(400);
    expect(notSheet.json().error.details.code).toBe('import.file.notSpreadsheet');
    expect(notSheet.json().error.details.message).toContain('not an Excel workbook');
    const textAsXlsx = await upload(lichuan, Buffer.from('村代码,姓名\n1,2\n'), 'list.xlsx', 'all');
    expect(textAsXlsx.json().error.details.code).toBe('import.file.notSpreadsheet');
  });

  it('imports a CSV without household numbers, and recognises it again by village and head ID', async () => {
    const rows = [...familyRows(villageLc, 30, null, true), ...familyRows(villageLc, 31, null)];
    const first = await importFile(lichuan, csvOf(rows), 'families.csv', 'all');
    expect(first).toMatchObject({ status: 'completed', format: 'csv', counts: { households: { written: 2 } } });
    const households = await count('households', '422802');
    const again = await importFile(lichuan, csvOf(rows), 'families.csv', 'all');
    expect(again).toMatchObject({
      status: 'completed',
      counts: { households: { ok: 0, bad: 0, unchanged: 2, written: 0 } },
    });
    expect(await count('households', '422802')).toBe(households);
  });

  it('reads a stored file back from its pieces when its working copy is gone, compressed with lz4 on PostgreSQL', async () => {
    const seqs = [0, 1, 2, 3, 4, 7, 8, 9, 14, 15, 16, 17, 18, 19, 32, 33, 34, 35, 36, 37];
    const content = csvOf(seqs.flatMap((seq) => familyRows(villageLc, seq, `P-${seq}`)));
    const res = await upload(lichuan, content, 'pieces.csv', 'all');
    expect(res.statusCode, res.body).toBe(200);
    const id = String(res.json().id);
    const stored = await sql<{ sha256: string; bytes: number; lz4: number; pieces: number }>`
      select i.sha256, sum(length(c.data))::int as bytes, count(*)::int as pieces,
             count(*) filter (where pg_column_compression(c.data) = 'lz4')::int as lz4
      from registry_import_chunks c join registry_imports i on i.id = c.import_id
      where c.import_id = ${id}::bigint group by i.sha256`.execute(database.owner);
    expect(stored.rows[0]).toMatchObject({ bytes: content.length, pieces: 1, lz4: engine === 'postgres' ? 1 : 0 });
    // As on another server of the deployment: no working copy here, so the job writes one from the pieces.
    await rm(workingCopyPath(id, stored.rows[0]?.sha256 ?? '', 'csv'));
    while (await worker.runOne());
    const view = await lichuan.get(`/api/households/imports/${id}`);
    expect(view.json()).toMatchObject({ status: 'completed', counts: { rows: 60, households: { written: 20 } } });
    const written = await sql<{ n: number }>`select count(*)::int as n from households
      where county_code = '422802' and household_no like 'P-%'`.execute(database.owner);
    expect(written.rows[0]?.n).toBe(20);
  });

  it('keeps text with quotes, backslashes, commas, braces and the word NULL exactly as the file has it', async () => {
    // The registry writer passes each column as an array parameter in binary format (create.ts),
    // the last step on PGlite as an array literal it writes itself.
    const cells = {
      'Q-5': { 开户银行: '农商"行",{分理处} NULL', 组: '3\\组' },
      'Q-6': { 开户银行: 'NULL', 组: '{}' },
    };
    const rows = Object.entries(cells).flatMap(([no, text], i) =>
      familyRows(villageLc, 5 + i, no).map((r) => ({ ...r, ...text })),
    );
    const view = await importFile(lichuan, csvOf(rows), 'quoted.csv', 'all');
    expect(view).toMatchObject({ status: 'completed', counts: { households: { written: 2 } } });
    const saved = await sql<{ household_no: string; bank_name: string | null; group_name: string | null }>`
      select household_no, bank_name, group_name from households
      where county_code = '422802' and household_no in ('Q-5', 'Q-6') order by household_no`.execute(database.owner);
    expect(saved.rows).toEqual(
      Object.entries(cells).map(([no, text]) => ({ household_no: no, bank_name: text.开户银行, group_name: text.组 })),
    );
    // The living conditions and the history snapshot travel as JSON (in PostgreSQL's binary jsonb
    // format from the writer): the snapshot is the household's record, with the same text again.
    const documents = await sql<{
      living: Record<string, unknown>;
      snapshot: { household: { householdNumber: string; bankName: string; group: string; villageCode: string } };
    }>`select h.living, y.snapshot from households h
      join household_history y on y.county_code = h.county_code and y.household_id = h.id and y.change = 'registered'
      where h.county_code = '422802' and h.household_no in ('Q-5', 'Q-6') order by h.household_no`.execute(
      database.owner,
    );
    expect(documents.rows.map((r) => r.snapshot.household)).toMatchObject(
      Object.entries(cells).map(([no, text]) => ({
        householdNumber: no,
        bankName: text.开户银行,
        group: text.组,
        villageCode: villageLc,
      })),
    );
    // The template's living conditions are columns of their own (house grade, water): none is left over.
    expect(documents.rows.map((r) => r.living)).toEqual([{}, {}]);
  });

  it("keeps each county to itself: another county's villages are out of scope, its imports 403", async () => {
    const view = await importFile(zhuxi, await xlsxOf(familyRows(villageLc, 50, 'Z-50')), 'lc.xlsx', 'good');
    expect(view).toMatchObject({ status: 'completed', counts: { households: { ok: 0, bad: 1, written: 0 } } });
    const report = await readSheet((await zhuxi.get(`/api/households/imports/${view.id}/errors.xlsx`)).rawPayload);
    const n = HEADERS.length;
    expect(report.slice(1).map((l) => [l[n], l[n + 1]])).toEqual([
      [2, '村代码(12位)'],
      [3, '村代码(12位)'],
      [4, '村代码(12位)'],
    ]);
    expect(await count('households', '422802')).toBeGreaterThan(0);
    expect(
      (
        await sql<{ n: number }>`select count(*)::int as n from households where household_no = 'Z-50'`.execute(
          database.owner,
        )
      ).rows[0]?.n,
    ).toBe(0);

    const lichuanImport = await upload(lichuan, await xlsxOf(familyRows(villageLc, 51, 'Z-51')), 'x.xlsx', 'all');
    const id = lichuanImport.json().id;
    expect((await zhuxi.get(`/api/households/imports/${id}`)).statusCode).toBe(403);
    expect((await zhuxi.get(`/api/households/imports/${id}/errors.xlsx`)).statusCode).toBe(403);
    expect((await lichuan.get('/api/households/imports/999999')).statusCode).toBe(404);
    while (await worker.runOne());
  });

  it('exports the ledger masked for an evaluator, in full for the county, formulas escaped, audited', async () => {
    const county = villageLc.slice(0, 6);
    const created = await lichuan.post('/api/households', {
      household: {
        villageCode: villageLc,
        phone: '13900139000',
        bankAccount: '6228480099998888',
        mainCause: '因残',
        members: [
          {
            name: '=SUM(A1)',
            sex: '女',
            idNumber: makeIdNumber(county, '1960-01-01', 901, '女'),
            relation: '户主',
            health: '残疾',
            labourSkill: '丧失劳动力',
          },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const exports = await auditCount(false);

    const full = await lichuan.get('/api/households/export.xlsx');
    expect(full.statusCode).toBe(200);
    const [title, header, ...data] = await readSheet(full.rawPayload);
    expect(String(title?.[0])).toContain('利川');
    expect(header?.slice(0, HEADERS.length)).toEqual(HEADERS);
    const col = (name: string) => HEADERS.indexOf(name);
    const formula = data.find((r) => String(r[col('姓名')]).includes('SUM'));
    expect(formula?.[col('姓名')]).toBe("'=SUM(A1)");
    expect(formula?.[col('证件号码')]).toBe(makeIdNumber(county, '1960-01-01', 901, '女'));
    expect(formula?.[col('联系电话')]).toBe('13900139000');
    expect(formula?.[col('健康状况')]).toBe('残疾');
    const householdRows = await sql<{ n: number }>`select count(*)::int as n from members
      where county_code = ${county}`.execute(database.owner);
    expect(data.length).toBe(householdRows.rows[0]?.n);

    const masked = await evaluator.get(`/api/households/export.xlsx?regionCode=${county}`);
    expect(masked.statusCode).toBe(200);
    const [maskedTitle, , ...maskedData] = await readSheet(masked.rawPayload);
    expect(String(maskedTitle?.[0])).toContain('个人信息已脱敏');
    const row = maskedData.find((r) => String(r[col('姓名')]).includes('SUM'));
    expect(row?.[col('证件号码')]).toMatch(/^4228\*{10}\d{3}[\dX]$/);
    expect(row?.[col('联系电话')]).toBe('139****9000');
    expect(row?.[col('银行账号')]).toBe('************8888');
    expect(row?.[col('健康状况')]).toBe('***');
    expect(JSON.stringify(maskedData)).not.toContain('13900139000');

    const audit = await sql<{ actor_name: string; after: { rows: number; personal: boolean; filter: object } }>`
      select actor_name, after from audit_log where action = 'household.export' order by id`.execute(database.owner);
    expect(await auditCount(false)).toBe(exports + 2);
    expect(audit.rows).toEqual([
      { actor_name: 'tflc', after: expect.objectContaining({ rows: data.length, personal: true, filter: {} }) },
      {
        actor_name: 'tfeval',
        after: expect.objectContaining({ rows: data.length, personal: false, filter: { regionCode: county } }),
      },
    ]);
    expect((await zhuxi.get(`/api/households/export.xlsx?regionCode=${county}`)).statusCode).toBe(403);
  });
});

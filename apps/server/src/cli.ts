import { parseArgs } from 'node:util';
import { readConfig } from './config.js';
import { prepareDatabase } from './bootstrap.js';
import { buildApp } from './app.js';
import { withScope, systemActor } from './db/scope.js';
import { JobWorker, JobWorkerPool } from './modules/jobs/runner.js';
import { JOB_DEFINITIONS } from './modules/jobs/definitions.js';
import { enqueueJob, getJob } from './modules/jobs/service.js';
import { createUser } from './modules/users/service.js';
import { progressBar } from './cli/progress.js';
import { generateRegistry } from './modules/registry/generator/generate.js';
import { ROLES, PROVINCE_CODE } from '@fupin/domain';
import { importLocalFile } from './modules/registry/transfer/cliImport.js';
import { getImport, importIssues } from './modules/registry/transfer/importService.js';

const USAGE = `fupin — 精准扶贫管理平台

Usage: fupin <command> [options]
  serve                         migrate, load the region tree and demo logins on first run, serve API and web
  migrate                       apply pending SQL migrations
  user create --username U --password P --role R --region CODE [--name 显示名]
  audit verify                  verify the audit hash chain (a background job, with a progress bar)
  job run TYPE                  run a background job to its end (${[...JOB_DEFINITIONS.keys()].join(', ')})
  generate --scale S --seed N [--replace]   write a synthetic Hubei registry (S=1 ≈ 1.9 million households)
  import FILE [--mode all|good] [--region CODE]
                                import households from an .xlsx/.csv in the template's layout into region CODE
                                (default 42); 'all' writes nothing if any row is bad, 'good' skips bad households

Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in FUPIN_DATA_DIR=./data/pglite),
  PORT (3000), HOST (127.0.0.1), FUPIN_DEMO=0 to skip demo accounts,
  FUPIN_JOB_WORKERS (jobs run side by side on PostgreSQL; default 2).
Roles: ${ROLES.join(', ')}`;

async function serve(): Promise<void> {
  const config = readConfig();
  const prepared = await prepareDatabase(config);
  const pglite = prepared.database.engine === 'pglite';
  const worker = new JobWorkerPool(prepared.database.db, JOB_DEFINITIONS, pglite ? 1 : (config.jobWorkers ?? 2), {
    staleAfterMs: pglite ? 0 : 30_000,
  });
  const app = await buildApp({ database: prepared.database, worker });
  await app.listen({ host: config.host, port: config.port });
  worker.start();
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
  const lines = [
    '',
    `fupin 精准扶贫管理平台 is running on ${prepared.database.engine === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    `  web:      ${url}`,
    `  API docs: ${url}docs`,
  ];
  if (prepared.migrationsApplied.length) lines.push(`  migrations applied: ${prepared.migrationsApplied.join(', ')}`);
  if (prepared.regionsLoaded) lines.push(`  region tree loaded: ${prepared.regionsLoaded} regions of Hubei`);
  if (prepared.demoHouseholds) lines.push(`  demo registry generated: ${prepared.demoHouseholds} households`);
  if (prepared.demoLogins.length) {
    lines.push('  demo logins (username / password — role, region):');
    for (const l of prepared.demoLogins)
      lines.push(`    ${l.username.padEnd(10)} / ${l.password} — ${l.role}, ${l.regionName}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const shutdown = async (): Promise<void> => {
    await worker.stop();
    await app.close();
    await prepared.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

async function runJob(type: string): Promise<void> {
  const definition = JOB_DEFINITIONS.get(type);
  if (!definition) throw new Error(`unknown job type ${type}; known: ${[...JOB_DEFINITIONS.keys()].join(', ')}`);
  const prepared = await prepareDatabase({ ...readConfig(), demo: false });
  const db = prepared.database.db;
  const actor = systemActor(`cli-${type}`, 'cli');
  const job = await withScope(db, actor, (tx) => enqueueJob(tx, actor, PROVINCE_CODE, type, {}));
  const bar = progressBar(definition.label['zh-CN']);
  const worker = new JobWorker(db, JOB_DEFINITIONS, {
    staleAfterMs: 0,
    onProgress: (id, done, total) => id === job.id && bar(done, total),
  });
  // Run jobs until ours has ended (older queued jobs run first).
  for (;;) {
    const current = await withScope(db, actor, (tx) => getJob(tx, job.id));
    if (!['queued', 'running'].includes(current.status)) {
      process.stdout.write(
        `${JSON.stringify({ job: current.id, status: current.status, result: current.result, error: current.error }, null, 2)}\n`,
      );
      await prepared.database.close();
      const ok =
        current.status === 'succeeded' &&
        !(type === 'audit.verify' && (current.result as { ok?: boolean } | null)?.ok === false);
      process.exitCode = ok ? 0 : 1;
      return;
    }
    if (!(await worker.runOne())) await new Promise((r) => setTimeout(r, 200));
  }
}

async function runImport(file: string, mode: 'all' | 'good', region: string): Promise<void> {
  const prepared = await prepareDatabase({ ...readConfig(), demo: false });
  const db = prepared.database.db;
  const actor = { ...systemActor('cli-import', 'cli'), scope: region };
  const started = await importLocalFile(db, actor, file, mode);
  const bar = progressBar(`导入 ${file}`);
  const worker = new JobWorker(db, JOB_DEFINITIONS, {
    staleAfterMs: 0,
    onProgress: (id, done, total) => id === started.jobId && bar(done, total),
  });
  // Run jobs until the import's has ended (older queued jobs run first).
  for (;;) {
    const current = await withScope(db, actor, (tx) => getImport(tx, region, started.id, 'zh-CN'));
    if (!['queued', 'checking', 'applying'].includes(current.status)) {
      const issues = await withScope(db, actor, (tx) => importIssues(tx, current.id, 20));
      const { id, status, counts, fileError } = current;
      process.stdout.write(`${JSON.stringify({ import: id, status, counts, fileError }, null, 2)}\n`);
      for (const i of issues) {
        process.stdout.write(`  第${i.row ?? '-'}行 ${i.column ?? ''} ${i.message['zh-CN']} | ${i.message.en}\n`);
      }
      await prepared.database.close();
      process.exitCode = status === 'completed' && (mode === 'good' || counts.households.bad === 0) ? 0 : 1;
      return;
    }
    if (!(await worker.runOne())) await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate': {
      const prepared = await prepareDatabase({ ...readConfig(), demo: false });
      process.stdout.write(`migrations applied: ${prepared.migrationsApplied.join(', ') || 'none pending'}\n`);
      return prepared.database.close();
    }
    case 'user': {
      if (sub !== 'create') break;
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          region: { type: 'string' },
          name: { type: 'string' },
        },
      });
      if (!values.username || !values.password || !values.role || !values.region) break;
      const prepared = await prepareDatabase({ ...readConfig(), demo: false });
      const user = await withScope(prepared.database.db, systemActor('cli-user-create', 'cli'), (tx) =>
        createUser(tx, '*', {
          username: values.username ?? '',
          password: values.password ?? '',
          role: values.role ?? '',
          regionCode: values.region ?? '',
          displayName: values.name ?? values.username ?? '',
        }),
      );
      process.stdout.write(`created user ${user.username} (${user.role}, ${user.regionName})\n`);
      return prepared.database.close();
    }
    case 'audit':
      if (sub === 'verify') return runJob('audit.verify');
      break;
    case 'job':
      if (sub === 'run' && rest[0]) return runJob(rest[0]);
      break;
    case 'generate': {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: {
          scale: { type: 'string', default: '0.05' },
          seed: { type: 'string', default: '2015' },
          replace: { type: 'boolean', default: false },
        },
      });
      const scale = Number(values.scale);
      const seed = Number(values.seed);
      if (!(scale > 0 && scale <= 20) || !Number.isInteger(seed)) break;
      const prepared = await prepareDatabase({ ...readConfig(), demo: false });
      const result = await generateRegistry(prepared.database, {
        scale,
        seed,
        replace: values.replace,
        onProgress: progressBar('生成数据'),
      });
      process.stdout.write(
        `generated ${result.households} households, ${result.members} members (${result.flawed} with a labelled flaw) in ${result.seconds.toFixed(1)} s\n`,
      );
      return prepared.database.close();
    }
    case 'import': {
      if (!sub) break;
      const { values } = parseArgs({
        args: rest,
        options: { mode: { type: 'string', default: 'all' }, region: { type: 'string', default: PROVINCE_CODE } },
      });
      const mode = values.mode === 'good' ? 'good' : values.mode === 'all' ? 'all' : undefined;
      if (!mode || !/^\d{2,12}$/.test(values.region)) break;
      return runImport(sub, mode, values.region);
    }
    default:
      break;
  }
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  process.stderr.write(`fupin: ${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

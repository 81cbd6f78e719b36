import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import { can, HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, POVERTY_CAUSES, type Locale } from '@fupin/domain';
import type { RouteDeps } from '../../../app.js';
import { withScope } from '../../../db/scope.js';
import { actorOf, authorize, localeOf } from '../../../http/context.js';
import { AppError } from '../../../http/errors.js';
import { errorResponses, typed } from '../../../http/types.js';
import { literals } from '../schemas.js';
import { createImport, getImport } from './importService.js';
import { firstLedgerPage, writeLedger } from './ledgerExport.js';
import { findingMessage, type ImportMessageCode } from './messages.js';
import { sniffFormat } from './reader.js';
import { assertImportVisible, writeErrorReport } from './report.js';
import { receiveToTemp } from './storage.js';
import { templateCsv, templateWorkbook } from './template.js';

// Spreadsheet transfer of the registry: the import template, uploads that become import jobs,
// their status and error report, and the ledger export.

/** Largest upload accepted (about 150,000 member rows as .xlsx). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IdParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,18}$' }) });

const ImportViewSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  mode: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  jobId: Type.Union([Type.String(), Type.Null()]),
  progress: Type.Object({ done: Type.Number(), total: Type.Union([Type.Number(), Type.Null()]) }),
  counts: Type.Object({
    rows: Type.Union([Type.Integer(), Type.Null()]),
    rowsRead: Type.Integer(),
    households: Type.Object({
      ok: Type.Integer(),
      bad: Type.Integer(),
      unchanged: Type.Integer(),
      written: Type.Integer(),
    }),
    errors: Type.Integer(),
    warnings: Type.Integer(),
  }),
  fileError: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});

// The filters of GET /api/households, without paging.
const ExportQuery = Type.Object({
  regionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' })),
  status: Type.Optional(Type.Union(literals(HOUSEHOLD_STATUSES))),
  attribute: Type.Optional(Type.Union(literals(HOUSEHOLD_ATTRIBUTES))),
  mainCause: Type.Optional(Type.Union(literals(POVERTY_CAUSES))),
  incomeMin: Type.Optional(Type.Number({ minimum: 0 })),
  incomeMax: Type.Optional(Type.Number({ minimum: 0 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});

function fileProblem(code: ImportMessageCode, locale: Locale): AppError {
  return new AppError('VALIDATION', {
    field: 'file',
    code: `import.${code}`,
    message: findingMessage(`import.${code}`)[locale],
  });
}

/** attachment; with the UTF-8 name for browsers and an ASCII fallback. */
function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a workbook that `write` streams into; errors after the headers end the download. */
function streamWorkbook(
  request: FastifyRequest,
  reply: FastifyReply,
  disposition: string,
  write: (out: PassThrough) => Promise<void>,
): FastifyReply {
  const out = new PassThrough();
  write(out).catch((error: unknown) => {
    request.log.error({ err: error }, 'workbook export failed');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply.type(XLSX_TYPE).header('content-disposition', disposition).send(out);
}

/** Registry import and export routes, with multipart parsing for these routes only. */
export async function transferRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  await instance.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
    const api = typed(scoped);

    api.get(
      '/households/template.xlsx',
      {
        schema: {
          tags: ['registry'],
          querystring: Type.Object({
            format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }),
          }),
        },
      },
      async (request, reply) => {
        authorize(request, 'registry.import');
        if (request.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', attachment('registry-template.csv', '贫困户信息导入模板.csv'))
            .send(templateCsv());
        }
        const buffer = Buffer.from(await templateWorkbook().xlsx.writeBuffer());
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', attachment('registry-template.xlsx', '贫困户信息导入模板.xlsx'))
          .send(buffer);
      },
    );

    api.post(
      '/households/imports',
      {
        schema: {
          tags: ['registry'],
          consumes: ['multipart/form-data'],
          querystring: Type.Object({
            mode: Type.Union([Type.Literal('all'), Type.Literal('good')], { default: 'all' }),
          }),
          response: { 200: ImportViewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const user = authorize(request, 'registry.import');
        const locale = localeOf(request);
        if (!request.isMultipart()) throw fileProblem('file.notSpreadsheet', locale);
        const part = await request.file();
        if (!part) throw fileProblem('file.empty', locale);
        const received = await receiveToTemp(part.file);
        try {
          if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_UPLOAD_BYTES });
          const sniffed = sniffFormat(received.head, part.filename);
          if (!sniffed.ok) throw fileProblem(sniffed.code, locale);
          const actor = actorOf(request, user);
          const view = await withScope(deps.db, actor, (tx) =>
            createImport(
              tx,
              actor,
              {
                file: received,
                fileName: part.filename,
                format: sniffed.format,
                mode: request.query.mode,
                regionCode: user.regionCode,
              },
              locale,
            ),
          );
          deps.worker?.poke();
          return view;
        } finally {
          await rm(received.path, { force: true });
        }
      },
    );

    api.get(
      '/households/imports/:id',
      { schema: { tags: ['registry'], params: IdParams, response: { 200: ImportViewSchema, ...errorResponses } } },
      async (request) => {
        const user = authorize(request, 'registry.import');
        return withScope(deps.db, actorOf(request, user), (tx) =>
          getImport(tx, user.regionCode, request.params.id, localeOf(request)),
        );
      },
    );

    api.get(
      '/households/imports/:id/errors.xlsx',
      { schema: { tags: ['registry'], params: IdParams } },
      async (request, reply) => {
        const user = authorize(request, 'registry.import');
        const actor = actorOf(request, user);
        const fileName = await assertImportVisible(deps.db, actor, request.params.id);
        const base = fileName.replace(/\.(xlsx|csv)$/i, '');
        return streamWorkbook(
          request,
          reply,
          attachment(`import-${request.params.id}-errors.xlsx`, `${base}-错误报告.xlsx`),
          (out) => writeErrorReport(deps.db, actor, request.params.id, out),
        );
      },
    );

    api.get(
      '/households/export.xlsx',
      { schema: { tags: ['registry'], querystring: ExportQuery } },
      async (request, reply) => {
        const user = authorize(request, 'registry.export');
        const actor = actorOf(request, user);
        const regionCode = request.query.regionCode ?? user.regionCode;
        const base = {
          actor,
          scope: user.regionCode,
          personal: can(user.role, 'registry.personal'),
          filter: request.query,
          regionCode,
        };
        const first = await firstLedgerPage(deps.db, { ...base, regionName: '' });
        const region = await withScope(deps.db, actor, (tx) =>
          tx.selectFrom('regions').select('name').where('code', '=', regionCode).executeTakeFirst(),
        );
        const regionName = region?.name ?? regionCode;
        return streamWorkbook(
          request,
          reply,
          attachment(`households-${regionCode}.xlsx`, `贫困户台账-${regionName}.xlsx`),
          (out) => writeLedger(deps.db, { ...base, regionName, first }, out),
        );
      },
    );
  });
}

import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { PROVINCE_CODE, type GapPage, type HouseholdGap, type VillageGap } from '@fupin/domain';
import type { RouteDeps } from '../../app.js';
import { withScope } from '../../db/scope.js';
import { actorOf, authorize, localeOf } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { inRegion, scopedRunner } from '../../http/scopedRoutes.js';
import { typed } from '../../http/types.js';
import { sniffFormat } from '../registry/transfer/reader.js';
import { getSetting, putSetting } from '../settings/service.js';
import {
  assertBulkVisible,
  bulkTemplate,
  createBulkImport,
  fileProblem,
  getBulkImport,
  writeBulkReport,
} from './bulk.js';
import { coverage, householdGaps, villageGaps, writeGapWorkbook } from './coverage.js';
import {
  createCadre,
  createLeaderContact,
  createUnit,
  endLeaderContact,
  getCadre,
  listCadres,
  listLeaderContacts,
  listUnits,
  updateCadre,
  updateUnit,
} from './organisation.js';
import {
  createHouseholdLink,
  createPairing,
  endHouseholdLink,
  endPairing,
  listHouseholdLinks,
  listPairings,
  rebalanceHelper,
} from './pairings.js';
import * as S from './schemas.js';
import {
  addTeamMember,
  appointFirstSecretary,
  createTeam,
  createVillageLink,
  endFirstSecretary,
  endTeam,
  endTeamMember,
  endVillageLink,
  getTeam,
  listFirstSecretaries,
  listTeams,
  listVillageLinks,
} from './teams.js';

// Assistance (帮扶): units, cadres, leader contacts, work teams, first secretaries, pairings, 七联
// links, coverage with its gap list and export, bulk helper assignment and rebalancing.

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Bulk assignment files are one row per pairing: 10 MB is ~200,000 rows. */
const MAX_BULK_BYTES = 10 * 1024 * 1024;

function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Registers the assistance routes under /api/assistance. */
export async function assistanceRoutes(instance: FastifyInstance, deps: RouteDeps): Promise<void> {
  await instance.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_BULK_BYTES, files: 1, fields: 5, parts: 6 } });
    const api = typed(scoped);
    const { run, items } = scopedRunner(deps.db);
    const tags = ['assistance'];

    // Settings ------------------------------------------------------------------------------
    api.get('/assistance/settings', { schema: { tags } }, (request) =>
      run(request, 'assistance.read', (tx) => getSetting(tx, 'assistance')),
    );
    api.put('/assistance/settings', { schema: { tags, body: S.SettingsBody } }, async (request) => {
      const user = authorize(request, 'users.manage');
      if (user.regionCode !== PROVINCE_CODE) throw new AppError('FORBIDDEN');
      return withScope(deps.db, actorOf(request, user), (tx) => putSetting(tx, 'assistance', request.body));
    });

    // Units and cadres ---------------------------------------------------------------------------
    api.get('/assistance/units', { schema: { tags, querystring: S.UnitQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listUnits(tx, scope, inRegion(request.query, scope))),
    );
    api.post('/assistance/units', { schema: { tags, body: S.UnitBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => createUnit(tx, scope, request.body)),
    );
    api.patch('/assistance/units/:id', { schema: { tags, params: S.IdParams, body: S.UnitPatch } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => updateUnit(tx, scope, request.params.id, request.body)),
    );
    api.get('/assistance/cadres', { schema: { tags, querystring: S.CadreQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listCadres(tx, scope, inRegion(request.query, scope))),
    );
    api.get('/assistance/cadres/:id', { schema: { tags, params: S.IdParams } }, (request) =>
      run(request, 'assistance.read', (tx) => getCadre(tx, request.params.id)),
    );
    api.post('/assistance/cadres', { schema: { tags, body: S.CadreBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => createCadre(tx, scope, request.body)),
    );
    api.patch('/assistance/cadres/:id', { schema: { tags, params: S.IdParams, body: S.CadrePatch } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => updateCadre(tx, scope, request.params.id, request.body)),
    );
    api.post(
      '/assistance/cadres/:id/rebalance',
      { schema: { tags, params: S.IdParams, body: S.RebalanceBody } },
      (request) =>
        run(request, 'assistance.pair', (tx, scope) => rebalanceHelper(tx, scope, request.params.id, request.body)),
    );

    // Leader contacts ------------------------------------------------------------------------------
    api.get('/assistance/leader-contacts', { schema: { tags, querystring: S.CurrentQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listLeaderContacts(tx, scope, inRegion(request.query, scope))),
    );
    api.post('/assistance/leader-contacts', { schema: { tags, body: S.LeaderContactBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => createLeaderContact(tx, scope, request.body)),
    );
    api.post(
      '/assistance/leader-contacts/:id/end',
      { schema: { tags, params: S.IdParams, body: S.EndBody } },
      (request) =>
        run(request, 'assistance.write', (tx, scope) =>
          endLeaderContact(tx, scope, request.params.id, request.body.endedOn),
        ),
    );

    // Work teams ---------------------------------------------------------------------------------
    api.get('/assistance/teams', { schema: { tags, querystring: S.TeamQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listTeams(tx, scope, inRegion(request.query, scope))),
    );
    api.get('/assistance/teams/:key', { schema: { tags, params: S.KeyParams } }, (request) =>
      run(request, 'assistance.read', (tx, scope) => getTeam(tx, scope, request.params.key)),
    );
    api.post('/assistance/teams', { schema: { tags, body: S.TeamBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => createTeam(tx, scope, request.body)),
    );
    api.post('/assistance/teams/:key/end', { schema: { tags, params: S.KeyParams, body: S.TeamEndBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => endTeam(tx, scope, request.params.key, request.body)),
    );
    api.post(
      '/assistance/teams/:key/members',
      { schema: { tags, params: S.KeyParams, body: S.MemberBody } },
      (request) =>
        run(request, 'assistance.write', (tx, scope) => addTeamMember(tx, scope, request.params.key, request.body)),
    );
    api.post(
      '/assistance/teams/:key/members/:memberId/end',
      { schema: { tags, params: S.MemberParams, body: S.MemberEndBody } },
      (request) =>
        run(request, 'assistance.write', (tx, scope) =>
          endTeamMember(tx, scope, request.params.key, request.params.memberId, request.body.toOn),
        ),
    );

    // First secretaries ------------------------------------------------------------------------------
    api.get('/assistance/first-secretaries', { schema: { tags, querystring: S.CurrentQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listFirstSecretaries(tx, scope, inRegion(request.query, scope))),
    );
    api.post('/assistance/first-secretaries', { schema: { tags, body: S.FirstSecretaryBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => appointFirstSecretary(tx, scope, request.body)),
    );
    api.post(
      '/assistance/first-secretaries/:key/end',
      { schema: { tags, params: S.KeyParams, body: S.FirstSecretaryEndBody } },
      (request) =>
        run(request, 'assistance.write', (tx, scope) => endFirstSecretary(tx, scope, request.params.key, request.body)),
    );

    // Pairings and links -------------------------------------------------------------------------------
    api.get('/assistance/pairings', { schema: { tags, querystring: S.PairingQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listPairings(tx, scope, request.query)),
    );
    api.post('/assistance/pairings', { schema: { tags, body: S.PairingBody } }, (request) =>
      run(request, 'assistance.pair', (tx, scope) => createPairing(tx, scope, request.body)),
    );
    api.post(
      '/assistance/pairings/:key/end',
      { schema: { tags, params: S.KeyParams, body: S.PairingEndBody } },
      (request) =>
        run(request, 'assistance.pair', (tx, scope) => endPairing(tx, scope, request.params.key, request.body)),
    );
    api.get('/assistance/village-links', { schema: { tags, querystring: S.CurrentQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listVillageLinks(tx, scope, inRegion(request.query, scope))),
    );
    api.post('/assistance/village-links', { schema: { tags, body: S.VillageLinkBody } }, (request) =>
      run(request, 'assistance.write', (tx, scope) => createVillageLink(tx, scope, request.body)),
    );
    api.post(
      '/assistance/village-links/:key/end',
      { schema: { tags, params: S.KeyParams, body: S.EndBody } },
      (request) =>
        run(request, 'assistance.write', (tx, scope) =>
          endVillageLink(tx, scope, request.params.key, request.body.endedOn),
        ),
    );
    api.get('/assistance/household-links', { schema: { tags, querystring: S.HouseholdLinkQuery } }, (request) =>
      items(request, 'assistance.read', (tx, scope) => listHouseholdLinks(tx, scope, request.query.householdKey)),
    );
    api.post('/assistance/household-links', { schema: { tags, body: S.HouseholdLinkBody } }, (request) =>
      run(request, 'assistance.pair', (tx, scope) => createHouseholdLink(tx, scope, request.body)),
    );
    api.post(
      '/assistance/household-links/:key/end',
      { schema: { tags, params: S.KeyParams, body: S.EndBody } },
      (request) =>
        run(request, 'assistance.pair', (tx, scope) =>
          endHouseholdLink(tx, scope, request.params.key, request.body.endedOn),
        ),
    );

    // Coverage ---------------------------------------------------------------------------------------
    api.get('/assistance/coverage', { schema: { tags, querystring: S.RegionQuery } }, (request) =>
      run(request, 'assistance.read', (tx, scope) => coverage(tx, scope, request.query.regionCode ?? scope)),
    );
    api.get('/assistance/coverage/gaps', { schema: { tags, querystring: S.GapQuery } }, (request) =>
      run<GapPage<VillageGap | HouseholdGap>>(request, 'assistance.read', (tx, scope) => {
        const filter = inRegion(request.query, scope);
        return request.query.kind === 'village' ? villageGaps(tx, scope, filter) : householdGaps(tx, scope, filter);
      }),
    );
    api.get(
      '/assistance/coverage/gaps.xlsx',
      { schema: { tags, querystring: S.RegionQuery } },
      async (request, reply) => {
        const user = authorize(request, 'assistance.read');
        const actor = actorOf(request, user);
        const regionCode = request.query.regionCode ?? user.regionCode;
        // Scope and region are checked before the first byte, so errors are still proper responses.
        const region = await withScope(deps.db, actor, async (tx) => {
          await coverage(tx, user.regionCode, regionCode);
          return tx.selectFrom('regions').select('name').where('code', '=', regionCode).executeTakeFirst();
        });
        const out = new PassThrough();
        writeGapWorkbook(deps.db, actor, regionCode, out).catch((error: unknown) => {
          request.log.error({ err: error }, 'coverage export failed');
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        return reply
          .type(XLSX_TYPE)
          .header(
            'content-disposition',
            attachment(`coverage-gaps-${regionCode}.xlsx`, `帮扶覆盖缺口-${region?.name ?? regionCode}.xlsx`),
          )
          .send(out);
      },
    );

    // Bulk helper assignment ---------------------------------------------------------------------------
    api.get('/assistance/imports/template.xlsx', { schema: { tags } }, async (request, reply) => {
      authorize(request, 'assistance.import');
      const buffer = Buffer.from(await bulkTemplate().xlsx.writeBuffer());
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('pairing-template.xlsx', '批量结对导入模板.xlsx'))
        .send(buffer);
    });
    api.post(
      '/assistance/imports',
      {
        schema: {
          tags,
          consumes: ['multipart/form-data'],
          querystring: S.BulkQuery,
        },
      },
      async (request) => {
        const user = authorize(request, 'assistance.import');
        const locale = localeOf(request);
        if (!request.isMultipart()) throw fileProblem('file.notSpreadsheet', locale);
        const part = await request.file();
        if (!part) throw fileProblem('file.empty', locale);
        const data = await part.toBuffer().catch((error: unknown) => {
          if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_BULK_BYTES });
          throw error;
        });
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_BULK_BYTES });
        const sniffed = sniffFormat(data.subarray(0, 4096), part.filename);
        if (!sniffed.ok) throw fileProblem(sniffed.code, locale);
        const actor = actorOf(request, user);
        const sha256 = createHash('sha256').update(data).digest('hex');
        const view = await withScope(deps.db, actor, (tx) =>
          createBulkImport(
            tx,
            actor,
            {
              data,
              sha256,
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
      },
    );
    api.get('/assistance/imports/:id', { schema: { tags, params: S.IdParams } }, (request) =>
      run(request, 'assistance.import', (tx, scope) => getBulkImport(tx, scope, request.params.id, localeOf(request))),
    );
    api.get('/assistance/imports/:id/errors.xlsx', { schema: { tags, params: S.IdParams } }, async (request, reply) => {
      const user = authorize(request, 'assistance.import');
      const actor = actorOf(request, user);
      const fileName = await assertBulkVisible(deps.db, actor, request.params.id);
      const out = new PassThrough();
      writeBulkReport(deps.db, actor, request.params.id, out).catch((error: unknown) => {
        request.log.error({ err: error }, 'bulk report failed');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      const base = fileName.replace(/\.(xlsx|csv)$/i, '');
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(`pairing-import-${request.params.id}-errors.xlsx`, `${base}-错误报告.xlsx`),
        )
        .send(out);
    });
  });
}

// The "十个到户" wall card: a household's measures and the people who answer for it, posted on
// its wall (竹溪, DOMAIN §7). Printing issues a version (a new one only when the content
// changed); the QR code carries the household and version signed with HMAC-SHA256, so anyone can
// check a posted card on a public page without logging in: genuine or not, current or stale.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import {
  chinaDate,
  maskName,
  planProgress,
  type MeasureType,
  type PlanItemStatus,
  type ResponsiblePerson,
  type WallCardContent,
  type WallCardVerification,
  type WallCardView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { regionPath } from '../regions/service.js';
import { householdKey } from '../registry/presenter.js';
import { fenToYuanOrNull, resolveHousehold, type HouseholdRef, type PlanActor } from './common.js';

const TOKEN = /^(\d{6})-(\d{1,18})-(\d{1,6})\.([A-Za-z0-9_-]{22})$/;

async function signingKey(tx: Tx): Promise<Buffer> {
  const row = await tx
    .selectFrom('signing_keys')
    .select('secret')
    .where('purpose', '=', 'wall_card')
    .executeTakeFirst();
  if (!row) throw new Error('the wall-card signing key is missing (migration 007)');
  return Buffer.from(row.secret);
}

/** The signature of a card version: 132 bits of HMAC-SHA256, base64url. */
function sign(secret: Buffer, countyCode: string, id: string, version: number): string {
  return createHmac('sha256', secret)
    .update(`wall-card:${countyCode}-${id}:${version}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The token a card's QR code carries: `<county>-<id>-<version>.<signature>`. */
export async function cardToken(tx: Tx, countyCode: string, id: string, version: number): Promise<string> {
  return `${countyCode}-${id}-${version}.${sign(await signingKey(tx), countyCode, id, version)}`;
}

/** The card's content now, household data masked; read with the caller's scope. */
export async function cardContent(tx: Tx, h: HouseholdRef): Promise<WallCardContent> {
  const household = await tx
    .selectFrom('households')
    .select(['household_no', 'head_name', 'size', 'attribute', 'main_cause', 'status'])
    .where('county_code', '=', h.countyCode)
    .where('id', '=', h.id)
    .executeTakeFirstOrThrow();
  const [path, helpers, leaders, secretaries, items, measures, members] = await Promise.all([
    regionPath(tx, h.villageCode),
    tx
      .selectFrom('pairings as p')
      .innerJoin('cadres as c', 'c.id', 'p.cadre_id')
      .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
      .select(['c.name', 'c.phone', 'u.name as unit_name'])
      .where('p.county_code', '=', h.countyCode)
      .where('p.household_id', '=', h.id)
      .where('p.ended_on', 'is', null)
      .orderBy('p.start_on')
      .orderBy('p.id')
      .execute(),
    tx
      .selectFrom('work_teams as t')
      .innerJoin('cadres as c', 'c.id', 't.leader_cadre_id')
      .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
      .select(['c.name', 'c.phone', 'u.name as unit_name'])
      .where('t.village_code', '=', h.villageCode)
      .where('t.status', '=', 'active')
      .orderBy('t.id')
      .execute(),
    tx
      .selectFrom('first_secretaries as f')
      .innerJoin('cadres as c', 'c.id', 'f.cadre_id')
      .leftJoin('assistance_units as u', 'u.id', 'c.unit_id')
      .select(['c.name', 'c.phone', 'u.name as unit_name'])
      .where('f.village_code', '=', h.villageCode)
      .where('f.ended_on', 'is', null)
      .orderBy('f.id')
      .execute(),
    tx
      .selectFrom('household_plan_items as i')
      .select(['i.id', 'i.measure_type', 'i.target', 'i.target_fen', 'i.due_on', 'i.status'])
      .select(
        sql<string>`(select coalesce(sum(m.amount_fen), 0)::text from household_measures m
                      where m.county_code = i.county_code and m.plan_item_id = i.id)`.as('delivered_fen'),
      )
      .where('i.county_code', '=', h.countyCode)
      .where('i.household_id', '=', h.id)
      .orderBy('i.due_on')
      .orderBy('i.id')
      .execute(),
    tx
      .selectFrom('household_measures')
      .select(['measure_type', 'content', 'measured_on', 'amount_fen', 'quantity', 'unit', 'beneficiary_ids'])
      .where('county_code', '=', h.countyCode)
      .where('household_id', '=', h.id)
      .orderBy('measured_on')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('members')
      .select(['id', 'name'])
      .where('county_code', '=', h.countyCode)
      .where('household_id', '=', h.id)
      .execute(),
  ]);
  const memberName = new Map(members.map((m) => [String(m.id), maskName(m.name)]));
  const person =
    (role: ResponsiblePerson['role']) => (c: { name: string; phone: string | null; unit_name: string | null }) =>
      ({ role, name: c.name, unitName: c.unit_name, phone: c.phone }) satisfies ResponsiblePerson;
  const today = chinaDate(new Date());
  return {
    household: {
      householdNo: household.household_no,
      headName: maskName(household.head_name),
      size: household.size,
      attribute: household.attribute,
      mainCause: household.main_cause,
      status: household.status,
      place: path.filter((r) => r.code.length >= 6).map((r) => r.name),
    },
    people: [
      ...helpers.map(person('helper')),
      ...leaders.map(person('teamLeader')),
      ...secretaries.map(person('firstSecretary')),
    ],
    planItems: items
      .filter((i) => i.status !== 'cancelled')
      .map((i) => ({
        measureType: i.measure_type as MeasureType,
        target: i.target,
        targetAmount: fenToYuanOrNull(i.target_fen),
        dueDate: i.due_on,
        status: i.status as PlanItemStatus,
      })),
    measures: measures.map((m) => ({
      measureType: m.measure_type as MeasureType,
      content: m.content,
      date: m.measured_on,
      amount: fenToYuanOrNull(m.amount_fen),
      quantity: m.quantity === null ? null : Number(m.quantity),
      unit: m.unit,
      beneficiaries: m.beneficiary_ids.map((id) => memberName.get(String(id)) ?? ''),
    })),
    // Counted on the card's date of issue: the digest below leaves the date out, so it is
    // recomputed from the items here rather than stored as a moving figure.
    progress: planProgress(
      items.map((i) => ({
        status: i.status as PlanItemStatus,
        dueDate: i.due_on,
        targetFen: i.target_fen === null ? null : Number(i.target_fen),
        deliveredFen: Number(i.delivered_fen ?? 0),
      })),
      today,
    ),
  };
}

/** A digest of what a card says; progress is left out (its overdue count moves with the calendar). */
function digestOf(content: WallCardContent): string {
  const { progress: _progress, ...rest } = content;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/**
 * Issues the household's card for printing: the latest version when its content is unchanged,
 * otherwise a new version (audited). Returns the card with its signed token.
 */
export async function issueWallCard(tx: Tx, actor: PlanActor, key: string): Promise<WallCardView> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  const content = await cardContent(tx, h);
  const digest = digestOf(content);
  const latest = await tx
    .selectFrom('wall_cards')
    .select(['version', 'digest', 'issued_at'])
    .where('county_code', '=', h.countyCode)
    .where('household_id', '=', h.id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  let version = latest?.version ?? 0;
  let issuedAt = latest ? new Date(latest.issued_at) : new Date();
  if (!latest || latest.digest !== digest) {
    version += 1;
    const row = await tx
      .insertInto('wall_cards')
      .values({
        county_code: h.countyCode,
        household_id: h.id,
        version,
        village_code: h.villageCode,
        digest,
        content: JSON.stringify(content),
        issued_by_name: actor.name,
      })
      .returning('issued_at')
      .executeTakeFirstOrThrow();
    issuedAt = new Date(row.issued_at);
    await recordAudit(tx, {
      action: 'wallcard.issue',
      entity: 'household',
      entityId: h.key,
      regionCode: h.villageCode,
      after: { version, digest },
    });
  }
  return {
    householdKey: h.key,
    version,
    issuedAt: issuedAt.toISOString(),
    token: await cardToken(tx, h.countyCode, h.id, version),
    card: content,
  };
}

/**
 * Checks a card's token (run with the system scope: the caller is anonymous). A token whose
 * signature does not match, or that names no issued card, is WALL_CARD_INVALID; a genuine one
 * answers with the card as printed and whether it is still the household's current card.
 */
export async function verifyWallCard(tx: Tx, token: string): Promise<WallCardVerification> {
  const m = TOKEN.exec(token);
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) throw new AppError('WALL_CARD_INVALID');
  const [countyCode, id, versionText, signature] = [m[1], m[2], m[3], m[4]];
  const version = Number(versionText);
  const expected = Buffer.from(sign(await signingKey(tx), countyCode, id, version));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('WALL_CARD_INVALID');
  const cards = await tx
    .selectFrom('wall_cards')
    .select(['version', 'digest', 'content', 'issued_at', 'village_code'])
    .where('county_code', '=', countyCode)
    .where('household_id', '=', id)
    .where((eb) =>
      eb.or([
        eb('version', '=', version),
        eb(
          'version',
          '=',
          eb
            .selectFrom('wall_cards as w')
            .select((w) => w.fn.max('w.version').as('v'))
            .where('w.county_code', '=', countyCode)
            .where('w.household_id', '=', id),
        ),
      ]),
    )
    .execute();
  const card = cards.find((c) => c.version === version);
  const latest = cards.reduce(
    (max, c) => (c.version > max.version ? c : max),
    card ?? { version: 0, digest: '', village_code: '' },
  );
  if (!card) throw new AppError('WALL_CARD_INVALID');
  const now = digestOf(
    await cardContent(tx, { countyCode, id, villageCode: card.village_code, key: householdKey(countyCode, id) }),
  );
  const changedSinceLatest = now !== latest.digest;
  return {
    status: version === latest.version && !changedSinceLatest ? 'current' : 'stale',
    version,
    latestVersion: latest.version,
    changedSinceLatest,
    issuedAt: new Date(card.issued_at).toISOString(),
    card: card.content as WallCardContent,
  };
}

// 走访: a helper's visits to a household, with photos kept by the server (in the database, under
// the household's row-level security; see migrations/007_household_plans.sql).

import { createHash } from 'node:crypto';
import {
  checkVisit,
  MAX_PHOTO_BYTES,
  planIssue,
  sniffPhotoType,
  type PlanIssue,
  type PhotoType,
  type VisitView,
} from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';
import {
  cadreOfUser,
  checkCadre,
  isIssue,
  refuse,
  resolveHousehold,
  type HouseholdRef,
  type PlanActor,
} from './common.js';

/** A visit as written by the API. */
export interface VisitWrite {
  visitedOn: string;
  note: string;
  cadreId?: string | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}

/** An uploaded photo, read whole (at most MAX_PHOTO_BYTES). */
export interface PhotoUpload {
  fileName: string;
  data: Buffer;
}

function photoUrl(key: string, visitId: string, photoId: string): string {
  return `/api/households/${key}/visits/${visitId}/photos/${photoId}`;
}

async function visitViews(tx: Tx, h: HouseholdRef, visitId?: string): Promise<VisitView[]> {
  let q = tx
    .selectFrom('household_visits as v')
    .leftJoin('cadres as c', 'c.id', 'v.cadre_id')
    .selectAll('v')
    .select('c.name as cadre_name')
    .where('v.county_code', '=', h.countyCode)
    .where('v.household_id', '=', h.id);
  if (visitId !== undefined) q = q.where('v.id', '=', visitId);
  const visits = await q.orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc').execute();
  if (visits.length === 0) return [];
  const photos = await tx
    .selectFrom('visit_photos')
    .select(['id', 'visit_id', 'content_type', 'size_bytes'])
    .where('county_code', '=', h.countyCode)
    .where(
      'visit_id',
      'in',
      visits.map((v) => v.id),
    )
    .orderBy('id')
    .execute();
  return visits.map((v) => ({
    id: String(v.id),
    visitedOn: v.visited_on,
    cadre: { id: String(v.cadre_id), name: v.cadre_name ?? '' },
    note: v.note,
    latitude: v.latitude === null ? null : Number(v.latitude),
    longitude: v.longitude === null ? null : Number(v.longitude),
    photos: photos
      .filter((p) => String(p.visit_id) === String(v.id))
      .map((p) => ({
        id: String(p.id),
        contentType: p.content_type,
        sizeBytes: p.size_bytes,
        url: photoUrl(h.key, String(v.id), String(p.id)),
      })),
    recordedBy: v.recorded_by_name,
    recordedAt: new Date(v.created_at).toISOString(),
  }));
}

/** The visits to a household, newest first, with their photos' addresses. */
export async function listVisits(tx: Tx, scope: string, key: string): Promise<VisitView[]> {
  const h = await resolveHousehold(tx, scope, key);
  return visitViews(tx, h);
}

/** Checks each photo's real type (by its bytes, not its name or the browser's word) and size. */
function checkPhotos(photos: readonly PhotoUpload[]): { issues: PlanIssue[]; types: PhotoType[] } {
  const issues: PlanIssue[] = [];
  const types: PhotoType[] = [];
  photos.forEach((p, i) => {
    if (p.data.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_PHOTO_BYTES });
    const type = p.data.length > 0 ? sniffPhotoType(p.data.subarray(0, 16)) : null;
    if (type === null) issues.push(planIssue('visit.photo.type', `photos[${i}]`, { name: p.fileName }));
    else types.push(type);
  });
  return { issues, types };
}

/**
 * Records a visit with its photos in one transaction: refused whole when the date, note,
 * location, cadre or any photo is wrong. Without a cadre, the cadre of the signed-in user visits.
 */
export async function recordVisit(
  tx: Tx,
  actor: PlanActor,
  key: string,
  input: VisitWrite,
  photos: readonly PhotoUpload[],
  today: string,
): Promise<VisitView> {
  const h = await resolveHousehold(tx, actor.scope, key, true);
  const issues = checkVisit(input, today, photos.length);
  const checked = checkPhotos(photos);
  issues.push(...checked.issues);
  const cadreId = input.cadreId ?? (await cadreOfUser(tx, actor.userId));
  if (!cadreId) issues.push(planIssue('visit.cadre.required', 'cadreId'));
  else {
    const cadre = await checkCadre(tx, cadreId, h.villageCode, 'cadreId');
    if (isIssue(cadre)) issues.push(cadre);
  }
  refuse(issues);
  if (!cadreId) throw notFound();
  const visit = await tx
    .insertInto('household_visits')
    .values({
      county_code: h.countyCode,
      household_id: h.id,
      village_code: h.villageCode,
      visited_on: input.visitedOn,
      cadre_id: cadreId,
      note: input.note.trim(),
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      recorded_by: actor.userId,
      recorded_by_name: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored: { id: string; type: string; bytes: number; sha256: string }[] = [];
  for (const [i, photo] of photos.entries()) {
    const sha256 = createHash('sha256').update(photo.data).digest('hex');
    const type = checked.types[i] ?? 'image/jpeg';
    const row = await tx
      .insertInto('visit_photos')
      .values({
        county_code: h.countyCode,
        visit_id: visit.id,
        village_code: h.villageCode,
        content_type: type,
        size_bytes: photo.data.length,
        sha256,
        data: photo.data,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    stored.push({ id: String(row.id), type, bytes: photo.data.length, sha256 });
  }
  await recordAudit(tx, {
    action: 'visit.record',
    entity: 'household',
    entityId: h.key,
    regionCode: h.villageCode,
    after: {
      visitId: String(visit.id),
      visitedOn: input.visitedOn,
      cadreId,
      located: input.latitude !== null && input.latitude !== undefined,
      photos: stored,
    },
  });
  const [view] = await visitViews(tx, h, String(visit.id));
  if (!view) throw notFound();
  return view;
}

/** One photo of a visit, for a user whose region holds the household. */
export async function getVisitPhoto(
  tx: Tx,
  scope: string,
  key: string,
  visitId: string,
  photoId: string,
): Promise<{ contentType: string; data: Buffer }> {
  const h = await resolveHousehold(tx, scope, key);
  const row = await tx
    .selectFrom('visit_photos')
    .select(['content_type', 'data'])
    .where('county_code', '=', h.countyCode)
    .where('visit_id', '=', visitId)
    .where('id', '=', photoId)
    // The visit must be this household's: a photo is reached only through its own household.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('household_visits as v')
          .select('v.id')
          .where('v.county_code', '=', h.countyCode)
          .where('v.household_id', '=', h.id)
          .where('v.id', '=', visitId),
      ),
    )
    .executeTakeFirst();
  if (!row) throw notFound();
  return { contentType: row.content_type, data: Buffer.from(row.data) };
}

import { Type } from '@fastify/type-provider-typebox';
import {
  HOUSEHOLD_COVERAGE,
  HOUSEHOLD_LINK_KINDS,
  UNIT_KINDS,
  UNIT_LEVELS,
  VILLAGE_COVERAGE,
  VILLAGE_LINK_KINDS,
} from '@fupin/domain';

// Request schemas of the assistance routes (responses are the presented views of the services,
// typed in packages/domain/src/assistance/views.ts).

const literals = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));

export const RegionCode = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
export const VillageCode = Type.String({ pattern: '^\\d{12}$' });
export const Id = Type.String({ pattern: '^\\d{1,18}$' });
export const RowKey = Type.String({ pattern: '^\\d{6}-\\d{1,18}$' });
export const Day = Type.String({ format: 'date' });
export const IdParams = Type.Object({ id: Id });
export const KeyParams = Type.Object({ key: RowKey });
export const Limit = Type.Integer({ minimum: 1, maximum: 1000, default: 200 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Phone = Type.Union([Type.String({ pattern: '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$' }), Type.Null()]);
const Reason = Type.String({ minLength: 1, maxLength: 200 });

const Search = Type.Optional(Type.String({ maxLength: 40 }));

/** A region (the actor's own when absent). */
export const RegionQuery = Type.Object({ regionCode: Type.Optional(RegionCode) });
/** Lists of dated records: the current ones unless `current=false`. */
export const CurrentQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  current: Type.Boolean({ default: true }),
  limit: Limit,
});

export const UnitKind = Type.Union(literals(UNIT_KINDS));
export const UnitBody = Type.Object({
  name: Name,
  kind: UnitKind,
  level: Type.Union(literals(UNIT_LEVELS)),
  regionCode: RegionCode,
  phone: Type.Optional(Phone),
  active: Type.Optional(Type.Boolean()),
});
export const UnitPatch = Type.Partial(UnitBody);
export const UnitQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  kind: Type.Optional(UnitKind),
  q: Search,
  limit: Limit,
});

export const CadreBody = Type.Object({
  name: Name,
  phone: Type.Optional(Phone),
  unitId: Id,
  position: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  regionCode: RegionCode,
  userId: Type.Optional(Type.Union([Id, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
});
export const CadrePatch = Type.Partial(CadreBody);
export const CadreQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  unitId: Type.Optional(Id),
  q: Search,
  active: Type.Optional(Type.Boolean()),
  limit: Limit,
});

export const LeaderContactBody = Type.Object({
  cadreId: Id,
  regionCode: RegionCode,
  role: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  startOn: Type.Optional(Day),
});

export const TeamBody = Type.Object({
  villageCode: VillageCode,
  name: Name,
  leaderCadreId: Type.Optional(Type.Union([Id, Type.Null()])),
  startOn: Type.Optional(Day),
  plannedEndOn: Type.Optional(Day),
  unitIds: Type.Array(Id, { minItems: 1, maxItems: 30 }),
  leadUnitId: Type.Optional(Id),
  members: Type.Optional(Type.Array(Type.Object({ cadreId: Id, resident: Type.Boolean() }), { maxItems: 30 })),
});
export const TeamQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
  limit: Limit,
});
export const TeamEndBody = Type.Object({
  endedOn: Type.Optional(Day),
  reason: Reason,
  successorKey: Type.Optional(RowKey),
});
export const MemberBody = Type.Object({ cadreId: Id, resident: Type.Boolean(), fromOn: Type.Optional(Day) });
export const MemberParams = Type.Object({ key: RowKey, memberId: Id });
export const MemberEndBody = Type.Object({ toOn: Type.Optional(Day) });

export const FirstSecretaryBody = Type.Object({ villageCode: VillageCode, cadreId: Id, startOn: Type.Optional(Day) });
export const FirstSecretaryEndBody = Type.Object({
  endedOn: Type.Optional(Day),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});

export const PairingBody = Type.Object({ householdKey: RowKey, cadreId: Id, startOn: Type.Optional(Day) });
export const PairingEndBody = Type.Object({ endedOn: Type.Optional(Day), reason: Reason });
export const PairingQuery = Type.Object({
  householdKey: Type.Optional(RowKey),
  cadreId: Type.Optional(Id),
  regionCode: Type.Optional(RegionCode),
  current: Type.Boolean({ default: false }),
  limit: Limit,
});

export const VillageLinkBody = Type.Object({
  villageCode: VillageCode,
  unitId: Id,
  kind: Type.Union(literals(VILLAGE_LINK_KINDS)),
  startOn: Type.Optional(Day),
});
export const HouseholdLinkBody = Type.Object({
  householdKey: RowKey,
  unitId: Id,
  kind: Type.Union(literals(HOUSEHOLD_LINK_KINDS)),
  startOn: Type.Optional(Day),
});
export const HouseholdLinkQuery = Type.Object({ householdKey: RowKey });
export const EndBody = Type.Object({ endedOn: Type.Optional(Day) });

export const RebalanceBody = Type.Object({
  reason: Reason,
  endedOn: Type.Optional(Day),
  deactivate: Type.Boolean({ default: true }),
});

export const GapQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  kind: Type.Union([Type.Literal('village'), Type.Literal('household')], { default: 'household' }),
  missing: Type.Optional(Type.Union(literals([...VILLAGE_COVERAGE, ...HOUSEHOLD_COVERAGE]))),
  after: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9:-]*$' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

export const SettingsBody = Type.Object({
  teamMinUnits: Type.Integer({ minimum: 1, maximum: 20 }),
  teamTenureYears: Type.Integer({ minimum: 1, maximum: 10 }),
  firstSecretaryTenureYears: Type.Integer({ minimum: 1, maximum: 10 }),
  maxHouseholdsPerHelper: Type.Integer({ minimum: 1, maximum: 100 }),
});

export const BulkQuery = Type.Object({
  mode: Type.Union([Type.Literal('all'), Type.Literal('good')], { default: 'all' }),
});

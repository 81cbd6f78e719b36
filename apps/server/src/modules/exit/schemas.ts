import { Type } from '@fastify/type-provider-typebox';
import { HOUSEHOLD_PROFILES, SIX_VILLAGE_STANDARDS } from '@fupin/domain';

// Request schemas of the exit standards; ranges are checked again, field by field, by
// standardsProblems in packages/domain so that the error names the field.

const Share = Type.Number({ exclusiveMinimum: 0, maximum: 1 });
const YearAmount = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  yuan: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
});
const Profile = Type.Union(HOUSEHOLD_PROFILES.map((p) => Type.Literal(p)));
const Age = Type.Integer({ minimum: 3, maximum: 20 });
const NullableShare = Type.Union([Share, Type.Null()]);
const NullableYuan = Type.Union([Type.Number({ minimum: 0, maximum: 1e9 }), Type.Null()]);

/** The six village standards answered yes/no. */
export const SixStandardsSchema = Type.Partial(
  Type.Object(Object.fromEntries(SIX_VILLAGE_STANDARDS.map((s) => [s, Type.Boolean()]))),
);

const HouseholdStandardSchema = Type.Object({ profile: Profile, compulsoryAgeMin: Age, compulsoryAgeMax: Age });
const VillageStandardSchema = Type.Object({
  maxIncidence: Share,
  minCollectiveIncome: NullableYuan,
  minIncomeRatio: NullableShare,
  requireSixStandards: Type.Boolean(),
});
const CountyStandardSchema = Type.Object({
  maxIncidence: Share,
  maxWrongExitRate: Share,
  maxMissedRate: Share,
  minApproval: Share,
});

/** The whole exit-standards configuration. */
export const ExitStandardsSchema = Type.Object({
  povertyLines: Type.Array(YearAmount, { maxItems: 100 }),
  provinceIncome: Type.Array(YearAmount, { maxItems: 100 }),
  household: HouseholdStandardSchema,
  village: VillageStandardSchema,
  county: CountyStandardSchema,
  overrides: Type.Array(
    Type.Object({
      regionCode: Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' }),
      note: Type.Optional(Type.String({ maxLength: 300 })),
      household: Type.Optional(Type.Partial(HouseholdStandardSchema)),
      village: Type.Optional(Type.Partial(VillageStandardSchema)),
      county: Type.Optional(Type.Partial(CountyStandardSchema)),
    }),
    { maxItems: 500 },
  ),
});

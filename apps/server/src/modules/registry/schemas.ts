import { Type } from '@fastify/type-provider-typebox';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  IDENTIFICATION_STANDARDS,
  LABOUR_SKILLS,
  POLITICAL_STATUSES,
  POVERTY_CAUSES,
  RELATIONS_TO_HEAD,
  RELOCATION_METHODS,
  SCHOOL_STATUSES,
  SEXES,
  type EnumOption,
} from '@fupin/domain';

// Null comes first in every nullable union: request coercion is on (for query strings), and ajv
// would otherwise turn a null into '' / 0 / false by matching the first branch.

/** A nullable optional field whose value must be one of the enumeration's values. */
function oneOf<const T extends readonly EnumOption[]>(options: T) {
  return Type.Optional(Type.Union([Type.Null(), ...literals(options)]));
}

/** The enumeration's values as TypeBox literals, typed as the enumeration's value union. */
export function literals<const T extends readonly EnumOption[]>(options: T) {
  return options.map((o) => Type.Literal(o.value as T[number]['value']));
}

const OptText = (max: number) => Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: max })]));
const OptBool = Type.Optional(Type.Union([Type.Null(), Type.Boolean()]));
const OptNumber = Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 1e9 })]));

export const MemberBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  sex: oneOf(SEXES),
  idNumber: OptText(24),
  birthDate: OptText(10),
  relation: oneOf(RELATIONS_TO_HEAD),
  ethnicity: oneOf(ETHNICITIES),
  politicalStatus: oneOf(POLITICAL_STATUSES),
  education: oneOf(EDUCATION_LEVELS),
  schoolStatus: oneOf(SCHOOL_STATUSES),
  health: oneOf(HEALTH_STATUSES),
  labourSkill: oneOf(LABOUR_SKILLS),
  monthsWorked: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 12 })])),
  workPlace: OptText(60),
  hasBasicMedicalInsurance: OptBool,
  hasCriticalIllnessInsurance: OptBool,
  hasResidentPension: OptBool,
  receivesDibao: OptBool,
});

export const HouseholdBody = Type.Object({
  villageCode: Type.String({ pattern: '^\\d{12}$' }),
  group: OptText(20),
  householdNumber: OptText(30),
  phone: OptText(20),
  bankName: OptText(40),
  bankAccount: OptText(40),
  identificationStandard: oneOf(IDENTIFICATION_STANDARDS),
  attribute: oneOf(HOUSEHOLD_ATTRIBUTES),
  mainCause: oneOf(POVERTY_CAUSES),
  otherCauses: Type.Optional(
    Type.Union([Type.Null(), Type.Array(Type.Union(literals(POVERTY_CAUSES)), { maxItems: 2 })]),
  ),
  status: oneOf(HOUSEHOLD_STATUSES),
  firstIdentified: Type.Optional(Type.Union([Type.Null(), Type.String({ pattern: '^\\d{4}-\\d{2}$' })])),
  exitYear: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 2000, maximum: 2100 })])),
  relocationMethod: oneOf(RELOCATION_METHODS),
  relocationWilling: OptBool,
  members: Type.Array(MemberBody, { minItems: 1, maxItems: 30 }),
});

export const LivingBody = Type.Object({
  houseGrade: Type.Optional(
    Type.Union([Type.Null(), Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]),
  ),
  waterSafe: OptBool,
  waterDifficult: OptBool,
  houseArea: OptNumber,
  farmlandMu: OptNumber,
  roadType: OptText(10),
  distanceToRoadKm: OptNumber,
  sanitaryToilet: OptBool,
  fuel: OptText(20),
});

// Amounts in yuan; a blank amount is 0 (ajv fills the default).
const Money = Type.Number({ minimum: 0, maximum: 1e9, default: 0 });
export const IncomeBody = Type.Object({
  year: Type.Integer({ minimum: 2010, maximum: 2100 }),
  wages: Money,
  business: Money,
  property: Money,
  transfers: Type.Object(
    {
      familyPlanning: Money,
      dibao: Money,
      destituteSupport: Money,
      pension: Money,
      ecoCompensation: Money,
      other: Money,
    },
    { default: {} },
  ),
  businessExpenses: Money,
});

export const HouseholdWriteBody = Type.Object({
  household: HouseholdBody,
  living: Type.Optional(LivingBody),
  income: Type.Optional(IncomeBody),
});

export const HouseholdUpdateBody = Type.Intersect([
  HouseholdWriteBody,
  Type.Object({ version: Type.Integer({ minimum: 1 }) }),
]);

export const HouseholdSummarySchema = Type.Object({
  key: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
  householdNo: Type.String(),
  headName: Type.String(),
  headIdNumber: Type.Union([Type.Null(), Type.String()]),
  phone: Type.Union([Type.Null(), Type.String()]),
  attribute: Type.String(),
  mainCause: Type.String(),
  status: Type.String(),
  size: Type.Integer(),
  perCapitaIncome: Type.Union([Type.Null(), Type.Number()]),
  incomeYear: Type.Union([Type.Null(), Type.Integer()]),
  version: Type.Integer(),
});

export const IssueSchema = Type.Object({
  severity: Type.String(),
  code: Type.String(),
  field: Type.String(),
  message: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
});

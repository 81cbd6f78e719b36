// One generated household at a time, for one county: composition, members, causes, status,
// conditions, income and (rarely) a deliberate flaw. Pure and deterministic: a county's stream
// depends only on the seed, the county code, the year and the order of its villages.

import {
  isEthnicity,
  isPovertyCause,
  povertyLineFor,
  summariseIncome,
  type Ethnicity,
  type HouseholdAttribute,
  type HouseholdStatus,
  type IdentificationStandard,
  type IncomeSummary,
  type PovertyCause,
  type YearlyIncomeInput,
} from '@fupin/domain';
import { composeFamily, type FamilyMember } from './family.js';
import { applyFlaw, DEFAULT_FLAW_SHARE, FLAW_KINDS, type FlawKind } from './flaws.js';
import { drawIncome } from './incomes.js';
import { drawConditions, type HouseholdConditions } from './living.js';
import {
  birthDateFor,
  drawDisabilityCert,
  drawEducation,
  drawHealth,
  drawLabour,
  drawPoliticalStatus,
  drawSchoolStatus,
  drawWork,
  IdAllocator,
  type GeneratedMember,
} from './members.js';
import { drawGivenName, drawOtherSurname, drawSurname } from './names.js';
import { Rng, weighted, weightedText, type WeightedTable } from './random.js';

/** A generated household with its members and income (HouseholdInput-compatible). */
export interface GeneratedHousehold extends HouseholdConditions {
  countyCode: string;
  villageCode: string;
  groupName: string;
  householdNo: string;
  identificationStandard: IdentificationStandard;
  attribute: HouseholdAttribute;
  mainCause: PovertyCause;
  otherCauses: PovertyCause[];
  status: HouseholdStatus;
  /** 'YYYY-MM' */
  firstIdentified: string;
  /** The day of identification, 'YYYY-MM-DD' (the record's creation time). */
  identifiedOn: string;
  exitYear: number | null;
  members: GeneratedMember[];
  income: YearlyIncomeInput;
  summary: IncomeSummary;
  flaws: FlawKind[];
}

/** Settings shared by every county of one run. */
export interface HouseholdSettings {
  seed: number;
  year: number;
  /** Share of households given one deliberate flaw (default DEFAULT_FLAW_SHARE). */
  flawShare?: number | undefined;
}

/** The date ages refer to and checks should use: 31 December of the registry year. */
export function registryAsOf(year: number): string {
  return `${year}-12-31`;
}

/** Share of registered households already exited by the end of each year (a modelling choice). */
const EXITED_SHARE_BY_YEAR: Readonly<Record<number, number>> = {
  2015: 0.05,
  2016: 0.25,
  2017: 0.45,
  2018: 0.7,
  2019: 0.9,
  2020: 0.98,
};

/** The 脱贫 form of each attribute (DOMAIN §2). */
const EXITED_ATTRIBUTE: Readonly<Record<HouseholdAttribute, HouseholdAttribute>> = {
  一般贫困户: '一般脱贫户',
  低保贫困户: '低保脱贫户',
  特困供养贫困户: '特困供养脱贫户',
  低保特困供养贫困户: '低保特困供养脱贫户',
  一般脱贫户: '一般脱贫户',
  低保脱贫户: '低保脱贫户',
  特困供养脱贫户: '特困供养脱贫户',
  低保特困供养脱贫户: '低保特困供养脱贫户',
};

// DOMAIN §8: 一般 59.1%, 民政低保 19.5% + 扶贫低保 17.9%, 五保 3.6% of households.
const ATTRIBUTES = weighted<HouseholdAttribute>([
  ['一般贫困户', 59.1],
  ['低保贫困户', 37.4],
  ['特困供养贫困户', 3.6],
]);
// Main causes other than 因学: illness leads, as for 42–44% of poor households nationally (DOMAIN §8).
const MAIN_CAUSES = weightedText(
  '因病 42, 缺资金 14, 缺技术 12, 因残 8, 缺劳力 8, 自身发展动力不足 3, 因灾 2, 交通条件落后 2, 缺土地 1, 缺水 1, 因婚 0.3, 因丧 0.3, 其他 0.4',
  isPovertyCause,
);
// 因学 is the main cause of ≈6% of households, all of them with someone in school; about 18% of
// generated households have a pupil or student, so a third of those give 因学.
const STUDY_CAUSE_GIVEN_STUDENT = 0.06 / 0.18;
const OTHER_CAUSES_WITH_STUDENT = weightedText(
  '因病 42, 缺资金 14, 缺技术 12, 因残 8, 缺劳力 8, 因学 20, 自身发展动力不足 3, 因灾 2, 交通条件落后 2, 缺土地 1, 缺水 1',
  isPovertyCause,
);
const DESTITUTE_CAUSES = weightedText('缺劳力 45, 因病 30, 因残 20, 其他 5', isPovertyCause);
const OTHER_CAUSE_COUNT = weighted([
  [0, 35],
  [1, 40],
  [2, 25],
]);
const STANDARDS = weighted<IdentificationStandard>([
  ['国家', 90],
  ['省定', 8],
  ['市定', 2],
]);
// 2014 registration ran from April to October.
const IDENTIFIED_MONTH = weighted(
  ['04', '05', '06', '07', '08', '09', '10'].map((m, i) => [m, [10, 20, 20, 20, 15, 10, 5][i] ?? 0]),
);
const FLAWS = weighted(FLAW_KINDS.map((kind) => [kind, 1]));
// 恩施 and the two Tujia autonomous counties of 宜昌 (长阳, 五峰) are largely Tujia and Miao.
const ETHNIC_REGIONS: Readonly<Record<string, WeightedTable<Ethnicity>>> = {
  '4228': weightedText('汉族 47, 土家族 45, 苗族 6, 侗族 2', isEthnicity),
  '420528': weightedText('汉族 45, 土家族 55', isEthnicity),
  '420529': weightedText('汉族 45, 土家族 55', isEthnicity),
};
const DEFAULT_ETHNICITY = weightedText('汉族 995, 回族 3, 土家族 2', isEthnicity);
const IN_SCHOOL = new Set(['小学', '初中', '高中', '中职', '高职', '大专', '本科', '研究生及以上']);
// Destitute (五保) households have one person (3 in 4) or two; their sizes pull the mean down.
const DESTITUTE_SHARE = 0.036;
const DESTITUTE_MEAN_SIZE = 1.25;

/** True when a member is a pupil or student (not a pre-school child). */
function hasStudent(members: readonly GeneratedMember[]): boolean {
  return members.some((m) => m.schoolStatus !== null && IN_SCHOOL.has(m.schoolStatus));
}

/** Probabilities of sizes 1–7, tilted exponentially to have the given mean. */
export function sizeTable(mean: number): WeightedTable<number> {
  // Shape of poor households' sizes: many old singles and couples, many 4–5-person families.
  const base = [0.13, 0.22, 0.22, 0.21, 0.13, 0.06, 0.03];
  const tilted = (theta: number): number[] => base.map((p, i) => p * Math.exp(theta * (i + 1)));
  const meanOf = (ps: number[]): number => ps.reduce((s, p, i) => s + p * (i + 1), 0) / ps.reduce((s, p) => s + p, 0);
  let [low, high] = [-4, 4];
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (meanOf(tilted(mid)) < mean) low = mid;
    else high = mid;
  }
  return weighted(tilted((low + high) / 2).map((p, i) => [i + 1, p]));
}

/** Makes the households of one county, village by village. */
export class HouseholdFactory {
  private readonly rng: Rng;
  private readonly ids: IdAllocator;
  private readonly sizes: WeightedTable<number>;
  private readonly ethnicities: WeightedTable<Ethnicity>;
  private readonly line: number;
  private readonly flawShare: number;
  /** A member of an earlier clean household: the source of a duplicate-ID flaw. */
  private earlier: GeneratedMember | undefined;

  constructor(
    readonly countyCode: string,
    readonly unitCode: string,
    meanSize: number,
    private readonly settings: HouseholdSettings,
  ) {
    const line = povertyLineFor(settings.year);
    if (line === undefined) throw new RangeError(`no poverty line configured for ${settings.year}`);
    this.line = line;
    this.rng = new Rng(settings.seed, 'county', countyCode, settings.year);
    this.ids = new IdAllocator(countyCode);
    this.sizes = sizeTable((meanSize - DESTITUTE_SHARE * DESTITUTE_MEAN_SIZE) / (1 - DESTITUTE_SHARE));
    this.ethnicities = ETHNIC_REGIONS[countyCode] ?? ETHNIC_REGIONS[unitCode] ?? DEFAULT_ETHNICITY;
    this.flawShare = settings.flawShare ?? DEFAULT_FLAW_SHARE;
  }

  /** The `sequence`-th household (from 1) of a village. */
  next(villageCode: string, sequence: number): GeneratedHousehold {
    const rng = this.rng;
    const year = this.settings.year;
    const registered = rng.draw(ATTRIBUTES);
    const destitute = registered === '特困供养贫困户';
    const size = destitute ? (rng.chance(0.75) ? 1 : 2) : rng.draw(this.sizes);
    const members = this.makeMembers(composeFamily(rng, size, destitute), registered);
    const mainCause = this.settleMainCause(destitute ? DESTITUTE_CAUSES : MAIN_CAUSES, members);
    for (const m of members) this.fillAbilities(m);
    const otherCauses = this.otherCauses(mainCause, members);
    const exited = rng.chance(EXITED_SHARE_BY_YEAR[year] ?? 0);
    const conditions = drawConditions(rng, this.unitCode);
    const flaws: FlawKind[] = [];
    if (rng.chance(this.flawShare)) flaws.push(applyFlaw(rng, rng.draw(FLAWS), members, this.earlier));
    else this.remember(members);
    const income = drawIncome(rng, {
      line: this.line,
      attribute: registered,
      exited,
      forestMu: conditions.living.forestMu,
      members,
    });
    const month = rng.draw(IDENTIFIED_MONTH);
    // Listed one by one (no spread): the object keeps one fast shape, which matters at millions.
    return {
      countyCode: this.countyCode,
      villageCode,
      groupName: `第${rng.int(1, 12)}组`,
      householdNo: `${villageCode}${String(sequence).padStart(4, '0')}`,
      identificationStandard: rng.draw(STANDARDS),
      attribute: exited ? EXITED_ATTRIBUTE[registered] : registered,
      mainCause,
      otherCauses,
      status: exited ? '已脱贫(享受政策)' : '未脱贫',
      firstIdentified: `2014-${month}`,
      identifiedOn: `2014-${month}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      exitYear: exited ? rng.int(Math.max(2015, year - 2), year) : null,
      phone: conditions.phone,
      bankName: conditions.bankName,
      bankAccount: conditions.bankAccount,
      houseGrade: conditions.houseGrade,
      waterSafe: conditions.waterSafe,
      waterDifficult: conditions.waterDifficult,
      relocationWilling: conditions.relocationWilling,
      relocationMethod: conditions.relocationMethod,
      living: conditions.living,
      members,
      income,
      summary: summariseIncome(income, members.length),
      flaws,
    };
  }

  /** Members with names, IDs, schooling and health; labour and work come after the main cause. */
  private makeMembers(family: readonly FamilyMember[], attribute: HouseholdAttribute): GeneratedMember[] {
    const rng = this.rng;
    const year = this.settings.year;
    const surname = drawSurname(rng);
    const ethnicity = rng.draw(this.ethnicities);
    const names = new Set<string>();
    return family.map((f): GeneratedMember => {
      const own = f.surname === 'own';
      const birthYear = year - f.age;
      const birthDate = birthDateFor(rng, f.age, year);
      let name = '';
      for (let tries = 0; tries < 5 && (name === '' || names.has(name)); tries++) {
        name = (own ? drawOtherSurname(rng, surname) : surname) + drawGivenName(rng, f.sex, birthYear);
      }
      names.add(name);
      const schoolStatus = drawSchoolStatus(rng, f.age);
      return {
        name,
        sex: f.sex,
        idNumber: this.ids.next(birthDate, f.sex),
        disabilityCert: null,
        birthDate,
        relation: f.relation,
        ethnicity: own ? rng.draw(this.ethnicities) : ethnicity,
        politicalStatus: drawPoliticalStatus(rng, f.age, f.sex),
        education: schoolStatus === null ? drawEducation(rng, birthYear, f.sex, f.age) : null,
        schoolStatus,
        health: drawHealth(rng, f.age),
        labourSkill: '无劳动力',
        monthsWorked: null,
        workPlace: null,
        hasBasicMedicalInsurance: false,
        hasCriticalIllnessInsurance: false,
        hasResidentPension: false,
        receivesDibao: attribute === '低保贫困户' && rng.chance(0.95),
        age: f.age,
        registered: true,
      };
    });
  }

  /** Draws the main cause and makes the members bear it out (an ill or disabled member). */
  private settleMainCause(table: WeightedTable<PovertyCause>, members: GeneratedMember[]): PovertyCause {
    const rng = this.rng;
    if (table === MAIN_CAUSES && hasStudent(members) && rng.chance(STUDY_CAUSE_GIVEN_STUDENT)) return '因学';
    const cause = rng.draw(table);
    if (cause === '因病' && !members.some((m) => m.health === '长期慢性病' || m.health === '患有大病')) {
      rng.pick(members.filter((m) => m.age >= 16)).health = rng.chance(0.4) ? '患有大病' : '长期慢性病';
    }
    if (cause === '因残' && !members.some((m) => m.health === '残疾')) rng.pick(members).health = '残疾';
    return cause;
  }

  /** Labour skill, work, disability certificate and insurance, once health and schooling are final. */
  private fillAbilities(m: GeneratedMember): void {
    const rng = this.rng;
    const inSchool = m.schoolStatus !== null;
    m.labourSkill = drawLabour(rng, m.age, inSchool, m.health);
    const work = drawWork(rng, m.age, m.labourSkill);
    m.monthsWorked = work.months;
    m.workPlace = work.place;
    if (m.health === '残疾' && rng.chance(0.75)) m.disabilityCert = drawDisabilityCert(rng, m.idNumber);
    m.hasBasicMedicalInsurance = rng.chance(0.96);
    m.hasCriticalIllnessInsurance = m.hasBasicMedicalInsurance && rng.chance(0.92);
    m.hasResidentPension = m.age >= 16 && !inSchool && rng.chance(m.age >= 60 ? 0.95 : 0.85);
  }

  /** Zero to two other causes, distinct and other than the main one (因学 only with a student). */
  private otherCauses(main: PovertyCause, members: readonly GeneratedMember[]): PovertyCause[] {
    const out: PovertyCause[] = [];
    const wanted = this.rng.draw(OTHER_CAUSE_COUNT);
    const table = hasStudent(members) ? OTHER_CAUSES_WITH_STUDENT : MAIN_CAUSES;
    for (let tries = 0; out.length < wanted && tries < 20; tries++) {
      const cause = this.rng.draw(table);
      if (cause !== main && !out.includes(cause)) out.push(cause);
    }
    return out;
  }

  /** Keeps a member of a clean household as the source of a later duplicate-ID flaw. */
  private remember(members: readonly GeneratedMember[]): void {
    const others = members.filter((m) => m.relation !== '户主');
    if (others.length > 0) this.earlier = this.rng.pick(others);
  }
}

// The registry record as the checks read it: field names follow the DOMAIN §2 glossary, and
// every field but the village code and member list is optional so half-filled forms can be checked.

import type { IsoDate } from './dates.js';
import type {
  EducationLevel,
  Ethnicity,
  HealthStatus,
  HouseholdAttribute,
  HouseholdStatus,
  IdentificationStandard,
  LabourSkill,
  PoliticalStatus,
  PovertyCause,
  RelationToHead,
  RelocationMethod,
  SchoolStatus,
  Sex,
} from './enums.js';

/** One household member as entered on the registration form (家庭成员信息). */
export interface MemberInput {
  /** 姓名 */
  name: string;
  /** 性别; must match the ID's 17th digit (odd 男, even 女). */
  sex?: Sex | null;
  /** 证件号码: 18-digit ID, or the 20-character 残疾人证号 (ID + category + grade). */
  idNumber?: string | null;
  /** 出生日期 'YYYY-MM-DD'; must match the ID. */
  birthDate?: IsoDate | null;
  /** 与户主关系 */
  relation?: RelationToHead | null;
  /** 民族 */
  ethnicity?: Ethnicity | null;
  /** 政治面貌 */
  politicalStatus?: PoliticalStatus | null;
  /** 文化程度: for members not in school. */
  education?: EducationLevel | null;
  /** 在校生状况: for members in (or before) school. */
  schoolStatus?: SchoolStatus | null;
  /** 健康状况 */
  health?: HealthStatus | null;
  /** 劳动技能 */
  labourSkill?: LabourSkill | null;
  /** 务工时间 (months, 0–12); 0 counts as not worked. */
  monthsWorked?: number | null;
  /** 务工地点: usually a WORK_LOCATIONS value; some provinces record a place name. */
  workPlace?: string | null;
  /** 参加城乡居民基本医疗保险 */
  hasBasicMedicalInsurance?: boolean | null;
  /** 参加大病保险 */
  hasCriticalIllnessInsurance?: boolean | null;
  /** 参加城乡居民基本养老保险 */
  hasResidentPension?: boolean | null;
  /** 享受低保 */
  receivesDibao?: boolean | null;
}

/** One registered household (贫困户基本信息) with its members. */
export interface HouseholdInput {
  /** 12-digit village code (GB/T 2260 + township and village parts). */
  villageCode: string;
  /** 村民小组 (组) */
  group?: string | null;
  /** 户编号 */
  householdNumber?: string | null;
  /** 联系电话: 11-digit mobile number. */
  phone?: string | null;
  /** 开户银行 */
  bankName?: string | null;
  /** 银行账号 */
  bankAccount?: string | null;
  /** 识别标准 */
  identificationStandard?: IdentificationStandard | null;
  /** 贫困户属性 */
  attribute?: HouseholdAttribute | null;
  /** 主要致贫原因: exactly one. */
  mainCause?: PovertyCause | null;
  /** 其他致贫原因: at most two, other than the main cause. */
  otherCauses?: readonly PovertyCause[] | null;
  /** 贫困户状态 */
  status?: HouseholdStatus | null;
  /** 识别年月 'YYYY-MM' */
  firstIdentified?: string | null;
  /** 脱贫年度 */
  exitYear?: number | null;
  /** 易地扶贫搬迁安置方式 */
  relocationMethod?: RelocationMethod | null;
  /** 是否有搬迁意愿 */
  relocationWilling?: boolean | null;
  members: readonly MemberInput[];
}

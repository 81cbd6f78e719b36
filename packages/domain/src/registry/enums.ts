// Enumerations of the 建档立卡 registry (DOMAIN §2). Values are the Chinese words the national
// poverty-alleviation information system (全国扶贫开发信息系统) stores and prints; `en` is the
// English label shown in the English UI. Every list has a union type and an `isX` guard.

/** One option of a registry enumeration: the stored Chinese value and its English label. */
export interface EnumOption {
  readonly value: string;
  readonly en: string;
}

/** The stored values of an enumeration, as a non-empty tuple (suits `z.enum(...)`). */
export function enumValues<const T extends readonly [EnumOption, ...EnumOption[]]>(
  options: T,
): [T[number]['value'], ...T[number]['value'][]] {
  const [first, ...rest] = options;
  return [first.value, ...rest.map((o) => o.value)];
}

/** Builds a type guard that accepts exactly the values of an enumeration. */
function guardFor<const T extends readonly EnumOption[]>(options: T): (value: unknown) => value is T[number]['value'] {
  const values = new Set<string>(options.map((o) => o.value));
  return (value: unknown): value is T[number]['value'] => typeof value === 'string' && values.has(value);
}

/** English label of a stored value, or the value itself when it is not in the list. */
export function enumLabel(options: readonly EnumOption[], value: string): string {
  return options.find((o) => o.value === value)?.en ?? value;
}

/** 贫困户属性: household attribute, with the 脱贫 variants used once a household has exited. */
export const HOUSEHOLD_ATTRIBUTES = [
  { value: '一般贫困户', en: 'Ordinary poor household' },
  { value: '低保贫困户', en: 'Minimum-living-allowance (dibao) poor household' },
  { value: '特困供养贫困户', en: 'Destitute-support (wubao) poor household' },
  { value: '低保特困供养贫困户', en: 'Dibao and destitute-support poor household' },
  { value: '一般脱贫户', en: 'Ordinary exited household' },
  { value: '低保脱贫户', en: 'Dibao exited household' },
  { value: '特困供养脱贫户', en: 'Destitute-support exited household' },
  { value: '低保特困供养脱贫户', en: 'Dibao and destitute-support exited household' },
] as const;
/** A value of HOUSEHOLD_ATTRIBUTES. */
export type HouseholdAttribute = (typeof HOUSEHOLD_ATTRIBUTES)[number]['value'];
/** True for a household attribute value. */
export const isHouseholdAttribute = guardFor(HOUSEHOLD_ATTRIBUTES);

/** 致贫原因: the 14 poverty causes of the national registration form. */
export const POVERTY_CAUSES = [
  { value: '因病', en: 'Illness' },
  { value: '因残', en: 'Disability' },
  { value: '因学', en: 'Education costs' },
  { value: '因灾', en: 'Disaster' },
  { value: '缺土地', en: 'Lack of land' },
  { value: '缺水', en: 'Lack of water' },
  { value: '缺技术', en: 'Lack of skills' },
  { value: '缺劳力', en: 'Lack of labour' },
  { value: '缺资金', en: 'Lack of funds' },
  { value: '交通条件落后', en: 'Poor transport' },
  { value: '自身发展动力不足', en: 'Lack of own drive' },
  { value: '因婚', en: 'Marriage costs' },
  { value: '因丧', en: 'Funeral costs' },
  { value: '其他', en: 'Other' },
] as const;
/** A value of POVERTY_CAUSES. */
export type PovertyCause = (typeof POVERTY_CAUSES)[number]['value'];
/** True for a poverty-cause value. */
export const isPovertyCause = guardFor(POVERTY_CAUSES);

/** 贫困户状态: where the household stands in the exit cycle. */
export const HOUSEHOLD_STATUSES = [
  { value: '未脱贫', en: 'Not exited' },
  { value: '已脱贫(享受政策)', en: 'Exited (still receiving support)' },
  { value: '已脱贫(不再享受政策)', en: 'Exited (support ended)' },
  { value: '返贫', en: 'Relapsed' },
  { value: '已销户', en: 'Closed' },
] as const;
/** A value of HOUSEHOLD_STATUSES. */
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number]['value'];
/** True for a household-status value. */
export const isHouseholdStatus = guardFor(HOUSEHOLD_STATUSES);

/** 识别标准: whose poverty line the household was identified under. */
export const IDENTIFICATION_STANDARDS = [
  { value: '国家', en: 'National standard' },
  { value: '省定', en: 'Provincial standard' },
  { value: '市定', en: 'City standard' },
] as const;
/** A value of IDENTIFICATION_STANDARDS. */
export type IdentificationStandard = (typeof IDENTIFICATION_STANDARDS)[number]['value'];
/** True for an identification-standard value. */
export const isIdentificationStandard = guardFor(IDENTIFICATION_STANDARDS);

/** 与户主关系: relation of a member to the head, as on the national form. */
export const RELATIONS_TO_HEAD = [
  { value: '户主', en: 'Head' },
  { value: '配偶', en: 'Spouse' },
  { value: '之子', en: 'Son' },
  { value: '之女', en: 'Daughter' },
  { value: '之儿媳', en: "Son's wife" },
  { value: '之女婿', en: "Daughter's husband" },
  { value: '之孙子', en: "Son's son" },
  { value: '之孙女', en: "Son's daughter" },
  { value: '之外孙子', en: "Daughter's son" },
  { value: '之外孙女', en: "Daughter's daughter" },
  { value: '之父', en: 'Father' },
  { value: '之母', en: 'Mother' },
  { value: '之岳父', en: "Wife's father" },
  { value: '之岳母', en: "Wife's mother" },
  { value: '之公公', en: "Husband's father" },
  { value: '之婆婆', en: "Husband's mother" },
  { value: '之祖父', en: 'Grandfather' },
  { value: '之祖母', en: 'Grandmother' },
  { value: '之兄弟姐妹', en: 'Sibling' },
  { value: '其他', en: 'Other' },
] as const;
/** A value of RELATIONS_TO_HEAD. */
export type RelationToHead = (typeof RELATIONS_TO_HEAD)[number]['value'];
/** True for a relation-to-head value. */
export const isRelationToHead = guardFor(RELATIONS_TO_HEAD);

/** 性别 (GB/T 2261.1). */
export const SEXES = [
  { value: '男', en: 'Male' },
  { value: '女', en: 'Female' },
] as const;
/** A value of SEXES. */
export type Sex = (typeof SEXES)[number]['value'];
/** True for a sex value. */
export const isSex = guardFor(SEXES);

/** 民族: the 56 ethnic groups in GB/T 3304 order, plus 其他 and 外国血统中国籍人士. */
export const ETHNICITIES = [
  { value: '汉族', en: 'Han' },
  { value: '蒙古族', en: 'Mongol' },
  { value: '回族', en: 'Hui' },
  { value: '藏族', en: 'Tibetan' },
  { value: '维吾尔族', en: 'Uyghur' },
  { value: '苗族', en: 'Miao' },
  { value: '彝族', en: 'Yi' },
  { value: '壮族', en: 'Zhuang' },
  { value: '布依族', en: 'Buyei' },
  { value: '朝鲜族', en: 'Korean' },
  { value: '满族', en: 'Manchu' },
  { value: '侗族', en: 'Dong' },
  { value: '瑶族', en: 'Yao' },
  { value: '白族', en: 'Bai' },
  { value: '土家族', en: 'Tujia' },
  { value: '哈尼族', en: 'Hani' },
  { value: '哈萨克族', en: 'Kazakh' },
  { value: '傣族', en: 'Dai' },
  { value: '黎族', en: 'Li' },
  { value: '傈僳族', en: 'Lisu' },
  { value: '佤族', en: 'Va' },
  { value: '畲族', en: 'She' },
  { value: '高山族', en: 'Gaoshan' },
  { value: '拉祜族', en: 'Lahu' },
  { value: '水族', en: 'Sui' },
  { value: '东乡族', en: 'Dongxiang' },
  { value: '纳西族', en: 'Naxi' },
  { value: '景颇族', en: 'Jingpo' },
  { value: '柯尔克孜族', en: 'Kyrgyz' },
  { value: '土族', en: 'Tu (Monguor)' },
  { value: '达斡尔族', en: 'Daur' },
  { value: '仫佬族', en: 'Mulao' },
  { value: '羌族', en: 'Qiang' },
  { value: '布朗族', en: 'Blang' },
  { value: '撒拉族', en: 'Salar' },
  { value: '毛南族', en: 'Maonan' },
  { value: '仡佬族', en: 'Gelao' },
  { value: '锡伯族', en: 'Xibe' },
  { value: '阿昌族', en: 'Achang' },
  { value: '普米族', en: 'Pumi' },
  { value: '塔吉克族', en: 'Tajik' },
  { value: '怒族', en: 'Nu' },
  { value: '乌孜别克族', en: 'Uzbek' },
  { value: '俄罗斯族', en: 'Russian' },
  { value: '鄂温克族', en: 'Evenki' },
  { value: '德昂族', en: "De'ang" },
  { value: '保安族', en: 'Bonan' },
  { value: '裕固族', en: 'Yugur' },
  { value: '京族', en: 'Gin' },
  { value: '塔塔尔族', en: 'Tatar' },
  { value: '独龙族', en: 'Derung' },
  { value: '鄂伦春族', en: 'Oroqen' },
  { value: '赫哲族', en: 'Hezhen' },
  { value: '门巴族', en: 'Monba' },
  { value: '珞巴族', en: 'Lhoba' },
  { value: '基诺族', en: 'Jino' },
  { value: '其他', en: 'Other' },
  { value: '外国血统中国籍人士', en: 'Chinese citizen of foreign origin' },
] as const;
/** A value of ETHNICITIES. */
export type Ethnicity = (typeof ETHNICITIES)[number]['value'];
/** True for an ethnicity value. */
export const isEthnicity = guardFor(ETHNICITIES);

/** 政治面貌 (GB/T 4762). */
export const POLITICAL_STATUSES = [
  { value: '中共党员', en: 'CPC member' },
  { value: '中共预备党员', en: 'CPC probationary member' },
  { value: '共青团员', en: 'Communist Youth League member' },
  { value: '民革党员', en: 'RCCK member' },
  { value: '民盟盟员', en: 'CDL member' },
  { value: '民建会员', en: 'CNDCA member' },
  { value: '民进会员', en: 'CAPD member' },
  { value: '农工党党员', en: 'CPWDP member' },
  { value: '致公党党员', en: 'CZGP member' },
  { value: '九三学社社员', en: 'Jiusan Society member' },
  { value: '台盟盟员', en: 'TDSGL member' },
  { value: '无党派人士', en: 'Independent' },
  { value: '群众', en: 'Ordinary citizen' },
] as const;
/** A value of POLITICAL_STATUSES. */
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number]['value'];
/** True for a political-status value. */
export const isPoliticalStatus = guardFor(POLITICAL_STATUSES);

/** 文化程度: highest education completed, filled only for members not in school. */
export const EDUCATION_LEVELS = [
  { value: '文盲或半文盲', en: 'Illiterate or semi-literate' },
  { value: '小学', en: 'Primary school' },
  { value: '初中', en: 'Junior middle school' },
  { value: '高中', en: 'Senior middle school' },
  { value: '大专', en: 'Junior college' },
  { value: '本科及以上', en: "Bachelor's or above" },
] as const;
/** A value of EDUCATION_LEVELS. */
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]['value'];
/** True for an education-level value. */
export const isEducationLevel = guardFor(EDUCATION_LEVELS);

/** 在校生状况: current schooling, filled only for members in (or before) school. */
export const SCHOOL_STATUSES = [
  { value: '学龄前', en: 'Pre-school age' },
  { value: '学前教育', en: 'Kindergarten' },
  { value: '小学', en: 'Primary school' },
  { value: '初中', en: 'Junior middle school' },
  { value: '高中', en: 'Senior middle school' },
  { value: '中职', en: 'Secondary vocational' },
  { value: '高职', en: 'Higher vocational' },
  { value: '大专', en: 'Junior college' },
  { value: '本科', en: 'Bachelor' },
  { value: '研究生及以上', en: 'Postgraduate' },
] as const;
/** A value of SCHOOL_STATUSES. */
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number]['value'];
/** True for a school-status value. */
export const isSchoolStatus = guardFor(SCHOOL_STATUSES);

/** 健康状况. */
export const HEALTH_STATUSES = [
  { value: '健康', en: 'Healthy' },
  { value: '长期慢性病', en: 'Chronic illness' },
  { value: '患有大病', en: 'Serious illness' },
  { value: '残疾', en: 'Disabled' },
] as const;
/** A value of HEALTH_STATUSES. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number]['value'];
/** True for a health-status value. */
export const isHealthStatus = guardFor(HEALTH_STATUSES);

/** 劳动技能. */
export const LABOUR_SKILLS = [
  { value: '普通劳动力', en: 'Ordinary labour' },
  { value: '技能劳动力', en: 'Skilled labour' },
  { value: '弱劳动力或半劳动力', en: 'Weak or half labour' },
  { value: '丧失劳动力', en: 'Lost working capacity' },
  { value: '无劳动力', en: 'No working capacity' },
] as const;
/** A value of LABOUR_SKILLS. */
export type LabourSkill = (typeof LABOUR_SKILLS)[number]['value'];
/** True for a labour-skill value. */
export const isLabourSkill = guardFor(LABOUR_SKILLS);

/** 务工地点: where a member worked, by distance from home. */
export const WORK_LOCATIONS = [
  { value: '乡镇内', en: 'Within the township' },
  { value: '乡镇外县内', en: 'Outside the township, within the county' },
  { value: '县外省内', en: 'Outside the county, within the province' },
  { value: '省外', en: 'Outside the province' },
] as const;
/** A value of WORK_LOCATIONS. */
export type WorkLocation = (typeof WORK_LOCATIONS)[number]['value'];
/** True for a work-location value. */
export const isWorkLocation = guardFor(WORK_LOCATIONS);

/** 易地扶贫搬迁安置方式: relocation method (集中 = concentrated, 分散 = dispersed resettlement). */
export const RELOCATION_METHODS = [
  { value: '行政村内就近集中安置', en: 'Concentrated, within the village' },
  { value: '建设移民新村集中安置', en: 'Concentrated, new resettlement village' },
  { value: '依托小城镇或工业园区安置', en: 'Concentrated, small town or industrial park' },
  { value: '依托乡村旅游区安置', en: 'Concentrated, rural tourism area' },
  { value: '插花安置', en: 'Dispersed, among existing villagers' },
  { value: '进城务工购房安置', en: 'Dispersed, bought housing in town' },
  { value: '投亲靠友安置', en: 'Dispersed, with relatives or friends' },
  { value: '其他安置', en: 'Other' },
] as const;
/** A value of RELOCATION_METHODS. */
export type RelocationMethod = (typeof RELOCATION_METHODS)[number]['value'];
/** True for a relocation-method value. */
export const isRelocationMethod = guardFor(RELOCATION_METHODS);

/** 入户路类型: surface of the road to the house. */
export const ROAD_TYPES = [
  { value: '泥土', en: 'Dirt' },
  { value: '砂石', en: 'Gravel' },
  { value: '水泥', en: 'Concrete' },
  { value: '沥青', en: 'Asphalt' },
] as const;
/** A value of ROAD_TYPES. */
export type RoadType = (typeof ROAD_TYPES)[number]['value'];
/** True for a road-type value. */
export const isRoadType = guardFor(ROAD_TYPES);

/** 危房等级: house safety grade per 危险房屋鉴定标准 JGJ 125-2016 (A safe … D whole house unsafe). */
export const DANGEROUS_HOUSE_GRADES = [
  { value: 'A', en: 'A: safe' },
  { value: 'B', en: 'B: some members unsafe, structure sound' },
  { value: 'C', en: 'C: partly dangerous' },
  { value: 'D', en: 'D: whole house dangerous' },
] as const;
/** A value of DANGEROUS_HOUSE_GRADES. */
export type DangerousHouseGrade = (typeof DANGEROUS_HOUSE_GRADES)[number]['value'];
/** True for a dangerous-house grade. */
export const isDangerousHouseGrade = guardFor(DANGEROUS_HOUSE_GRADES);

/** True when the grade fails 住房安全有保障 (C and D are unsafe: 2016 exit-mechanism opinion). */
export function isUnsafeHouseGrade(grade: DangerousHouseGrade): boolean {
  return grade === 'C' || grade === 'D';
}

/** 主要燃料类型. */
export const FUEL_TYPES = [
  { value: '柴草', en: 'Firewood and straw' },
  { value: '干畜粪', en: 'Dried dung' },
  { value: '煤炭', en: 'Coal' },
  { value: '清洁能源', en: 'Clean energy' },
  { value: '其他', en: 'Other' },
] as const;
/** A value of FUEL_TYPES. */
export type FuelType = (typeof FUEL_TYPES)[number]['value'];
/** True for a fuel-type value. */
export const isFuelType = guardFor(FUEL_TYPES);

/** 残疾类别: the category digit (1–7) ending a disability certificate number (GB/T 26341-2010). */
export const DISABILITY_CATEGORIES = [
  { value: '视力残疾', en: 'Visual', code: '1' },
  { value: '听力残疾', en: 'Hearing', code: '2' },
  { value: '言语残疾', en: 'Speech', code: '3' },
  { value: '肢体残疾', en: 'Physical', code: '4' },
  { value: '智力残疾', en: 'Intellectual', code: '5' },
  { value: '精神残疾', en: 'Mental', code: '6' },
  { value: '多重残疾', en: 'Multiple', code: '7' },
] as const;
/** A value of DISABILITY_CATEGORIES. */
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number]['value'];
/** True for a disability-category value. */
export const isDisabilityCategory = guardFor(DISABILITY_CATEGORIES);

/** 残疾等级: grade digit 1–4 of a disability certificate (一级 is the most severe; GB/T 26341-2010). */
export const DISABILITY_GRADES = [
  { value: '一级', en: 'Grade 1 (most severe)', code: '1' },
  { value: '二级', en: 'Grade 2', code: '2' },
  { value: '三级', en: 'Grade 3', code: '3' },
  { value: '四级', en: 'Grade 4 (mildest)', code: '4' },
] as const;
/** A value of DISABILITY_GRADES. */
export type DisabilityGrade = (typeof DISABILITY_GRADES)[number]['value'];
/** True for a disability-grade value. */
export const isDisabilityGrade = guardFor(DISABILITY_GRADES);

// Contact, bank and living conditions (生产生活条件) of a generated household.

import {
  isDangerousHouseGrade,
  isFuelType,
  isRelocationMethod,
  isRoadType,
  type DangerousHouseGrade,
  type FuelType,
  type RelocationMethod,
  type RoadType,
} from '@fupin/domain';
import { weighted, weightedText, type Rng } from './random.js';

/** The `living` jsonb of a household: land in mu, distances in km, areas in m². */
export interface Living {
  /** 耕地 */
  cultivatedMu: number;
  /** 有效灌溉面积 */
  irrigatedMu: number;
  /** 林地 */
  forestMu: number;
  /** 退耕还林 */
  grainForGreenMu: number;
  /** 林果 */
  orchardMu: number;
  /** 牧草地 */
  pastureMu: number;
  /** 水面 */
  waterSurfaceMu: number;
  /** 生活用电, 生产用电 */
  livingPower: boolean;
  productionPower: boolean;
  /** 通广播电视 */
  radioTv: boolean;
  /** 距村主干路距离 */
  roadDistanceKm: number;
  /** 入户路类型 */
  roadType: RoadType;
  /** 住房面积 */
  houseAreaM2: number;
  /** 有无卫生厕所 */
  sanitaryToilet: boolean;
  /** 主要燃料类型 */
  fuel: FuelType;
  /** 加入农民专业合作社; 与龙头企业, 致富带头人 有利益联结 */
  cooperative: boolean;
  leadingEnterprise: boolean;
  entrepreneur: boolean;
}

/** Everything about a household that does not depend on its members. */
export interface HouseholdConditions {
  phone: string | null;
  bankName: string;
  bankAccount: string;
  houseGrade: DangerousHouseGrade;
  waterSafe: boolean;
  waterDifficult: boolean;
  relocationWilling: boolean;
  relocationMethod: RelocationMethod | null;
  living: Living;
}

// Banks that paid subsidies into 一卡通 accounts, with a card-number prefix each.
const BANKS = weighted<readonly [string, string]>([
  [['农村信用社', '621795'], 50],
  [['中国邮政储蓄银行', '621098'], 24],
  [['中国农业银行', '622848'], 14],
  [['农村商业银行', '623059'], 8],
  [['中国建设银行', '621700'], 2],
  [['中国工商银行', '622202'], 2],
]);
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '182',
  '183',
  '187',
  '189',
];
const HOUSE_GRADES = weightedText('A 42, B 33, C 15, D 10', isDangerousHouseGrade);
const ROAD_TYPES = weightedText('泥土 30, 砂石 30, 水泥 38, 沥青 2', isRoadType);
const FUELS = weightedText('柴草 60, 煤炭 10, 清洁能源 28, 其他 2', isFuelType);
const RELOCATIONS = weightedText(
  '行政村内就近集中安置 20, 建设移民新村集中安置 30, 依托小城镇或工业园区安置 25, 依托乡村旅游区安置 5, 插花安置 8, 进城务工购房安置 5, 投亲靠友安置 5, 其他安置 2',
  isRelocationMethod,
);
// Lake and river plain units (荆州, 仙桃, 潜江, 天门) have fish ponds; mountain ones forest.
const PLAIN_UNITS = ['4210', '429004', '429005', '429006'];

function tenths(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Land, house, water and road of a household in a unit. */
export function drawConditions(rng: Rng, unitCode: string): HouseholdConditions {
  const plain = PLAIN_UNITS.includes(unitCode);
  const cultivatedMu = tenths(rng.real(0, 1) ** 1.5 * (plain ? 9 : 6));
  const roadDistanceKm = tenths(0.1 + rng.real(0, 1) ** 3 * 15);
  const houseGrade = rng.draw(HOUSE_GRADES);
  const waterDifficult = rng.chance(0.15);
  const relocationWilling =
    houseGrade === 'C' || houseGrade === 'D' || roadDistanceKm > 5 ? rng.chance(0.5) : rng.chance(0.04);
  const [bankName, prefix] = rng.draw(BANKS);
  return {
    phone: rng.chance(0.93) ? rng.pick(MOBILE_PREFIXES) + rng.digits(8) : null,
    bankName,
    bankAccount: prefix + rng.digits(19 - prefix.length),
    houseGrade,
    waterSafe: waterDifficult ? rng.chance(0.3) : rng.chance(0.88),
    waterDifficult,
    relocationWilling,
    relocationMethod: relocationWilling ? rng.draw(RELOCATIONS) : null,
    living: {
      cultivatedMu,
      irrigatedMu: tenths(cultivatedMu * rng.real(plain ? 0.5 : 0, 1)),
      forestMu: plain || rng.chance(0.4) ? 0 : tenths(rng.real(0.5, 30)),
      grainForGreenMu: !plain && rng.chance(0.25) ? tenths(rng.real(0.5, 8)) : 0,
      orchardMu: rng.chance(0.15) ? tenths(rng.real(0.2, 3)) : 0,
      pastureMu: rng.chance(0.02) ? tenths(rng.real(1, 10)) : 0,
      waterSurfaceMu: rng.chance(plain ? 0.2 : 0.03) ? tenths(rng.real(0.5, 5)) : 0,
      livingPower: rng.chance(0.99),
      productionPower: rng.chance(0.6),
      radioTv: rng.chance(0.85),
      roadDistanceKm,
      roadType: rng.draw(ROAD_TYPES),
      houseAreaM2: rng.int(30, 160),
      sanitaryToilet: rng.chance(0.35),
      fuel: rng.draw(FUELS),
      cooperative: rng.chance(0.12),
      leadingEnterprise: rng.chance(0.06),
      entrepreneur: rng.chance(0.04),
    },
  };
}

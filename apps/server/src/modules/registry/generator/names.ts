// Plausible Chinese names for generated members: common surnames weighted roughly by their
// frequency in Hubei (王, 李, 张, 刘, 陈 lead; 胡, 余, 汪, 熊, 程 are more common there than
// nationally), and given names drawn from characters popular in the member's birth decades.

import type { Sex } from '@fupin/domain';
import { weighted, type Rng, type WeightedTable } from './random.js';

// Surname and relative weight, e.g. '王70'.
const SURNAME_WEIGHTS = [
  '王70 李68 张62 刘55 陈52 胡30 杨28 黄26 周24 吴22 徐20 余18 朱17 汪16 程15 高14 熊14 何13 郭12 罗12 彭12 肖11 曾11 田11',
  '万10 邓10 谢10 涂9 冯9 叶9 杜8 蔡8 袁8 夏8 方8 向8 谭7 邹7 柯7 卢7 姜6 石6 龚6 宋6 郑6 唐6 梅5 严5 孙5 马5 林5 许5 韩4 丁4 魏4',
  '雷4 戴4 付4 金4 董4 覃4 冉3 秦3 舒3 江3 钟3 廖3 贺3 姚3 易3 鲁3 饶3 阮2 操2 艾2 聂2 段2 喻2 詹2 邱2',
].join(' ');

/** Given-name characters by sex and birth era: before 1960, 1960–1984, from 1985. */
const GIVEN_CHARS: Record<Sex, readonly [string, string, string]> = {
  男: [
    '德明华国建忠祥福贵荣生才发宝山成文志金银正玉光炳松有长春清汉友良仁义',
    '建国军强伟平林勇兵红永新海涛斌波辉刚东峰云华明志超军卫红胜利兴旺',
    '杰超磊浩鹏宇俊凯博豪轩睿航泽晨子一家天文鑫昊然涛阳宏伟俊杰思远',
  ],
  女: [
    '秀英兰珍玉梅桂凤莲菊翠娥芝香花云淑琴荣桂芬金银春素翠',
    '红芳琴霞丽敏静燕艳娟萍琼梅英华春玲丹平霞慧利娟凤',
    '婷雪慧洁倩颖欣雨佳琪涵萱怡诗梦思晓月悦可欣雅静蕾琳',
  ],
};

const SURNAMES: WeightedTable<string> = weighted(
  SURNAME_WEIGHTS.split(' ').map((entry): [string, number] => [entry.charAt(0), Number(entry.slice(1))]),
);

/** A surname, drawn by frequency. */
export function drawSurname(rng: Rng): string {
  return rng.draw(SURNAMES);
}

/** A surname other than `avoid` (spouses rarely share one). */
export function drawOtherSurname(rng: Rng, avoid: string): string {
  for (let i = 0; i < 4; i++) {
    const s = rng.draw(SURNAMES);
    if (s !== avoid) return s;
  }
  return avoid === '王' ? '李' : '王';
}

/** A given name of one or two characters in the fashion of the birth year. */
export function drawGivenName(rng: Rng, sex: Sex, birthYear: number): string {
  const era = birthYear < 1960 ? 0 : birthYear < 1985 ? 1 : 2;
  const pool = GIVEN_CHARS[sex][era];
  const first = pool.charAt(rng.int(0, pool.length - 1));
  if (rng.chance(0.22)) return first;
  // Reduplicated names (婷婷, 丹丹) are a young women's fashion.
  if (sex === '女' && era === 2 && rng.chance(0.08)) return first + first;
  return first + pool.charAt(rng.int(0, pool.length - 1));
}

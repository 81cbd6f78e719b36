// Family composition: who lives in a generated household, with relations, sexes and ages that
// agree (one head, at most one spouse of the other sex, children younger than their parents by
// at least 18 years, grandchildren only through a grown son, parents older than the head).

import type { RelationToHead, Sex } from '@fupin/domain';
import { weighted, type Rng } from './random.js';

/** A member before names, IDs and attributes are drawn. */
export interface FamilyMember {
  relation: RelationToHead;
  sex: Sex;
  /** Full years of age on the registry date. */
  age: number;
  /** Whose surname the member carries: the head's line, or an own (married-in) one. */
  surname: 'family' | 'own';
}

// Poor household heads are old: most are 40–70 (national registry profiles, 2015).
const HEAD_AGE = weighted<readonly [number, number]>([
  [[22, 29], 3],
  [[30, 39], 10],
  [[40, 49], 22],
  [[50, 59], 25],
  [[60, 69], 22],
  [[70, 79], 13],
  [[80, 92], 5],
]);

/** Youngest a parent can be at a child's birth, and the usual range of that gap. */
const MIN_PARENT_GAP = 18;

function other(sex: Sex): Sex {
  return sex === '男' ? '女' : '男';
}

function childOf(rng: Rng, parentAge: number, previous: number | undefined): number | undefined {
  const oldest = parentAge - MIN_PARENT_GAP;
  if (oldest < 0) return undefined;
  const age = previous === undefined ? parentAge - rng.int(21, 32) : previous - rng.int(1, 5);
  return Math.min(oldest, Math.max(0, age));
}

/** Members of a household of `size`; a destitute (五保) household is an old person alone or with a sibling. */
export function composeFamily(rng: Rng, size: number, destitute: boolean): FamilyMember[] {
  const [low, high] = destitute ? [60, 92] : rng.draw(HEAD_AGE);
  const headAge = rng.int(low, high);
  const headSex: Sex = rng.chance(destitute || (size === 1 && headAge >= 60) ? 0.3 : 0.12) ? '女' : '男';
  const family: FamilyMember[] = [{ relation: '户主', sex: headSex, age: headAge, surname: 'family' }];
  let room = size - 1;
  const add = (m: FamilyMember): void => {
    family.push(m);
    room -= 1;
  };
  if (destitute) {
    while (room > 0)
      add({
        relation: '之兄弟姐妹',
        sex: rng.chance(0.5) ? '男' : '女',
        age: Math.min(95, headAge + rng.int(-6, 6)),
        surname: 'family',
      });
    return family;
  }
  if (room > 0 && rng.chance(size === 2 ? 0.7 : 0.88)) {
    const gap = rng.int(-1, 5);
    const age = Math.max(18, headSex === '男' ? headAge - gap : headAge + gap);
    add({ relation: '配偶', sex: other(headSex), age, surname: 'own' });
  }
  // Three generations: an old head, a grown son, his wife and their children.
  if (headAge >= 50 && room >= 2 && rng.chance(0.55)) {
    const sonAge = childOf(rng, headAge, undefined);
    if (sonAge !== undefined && sonAge >= 20) {
      add({ relation: '之子', sex: '男', age: sonAge, surname: 'family' });
      if (room > 0 && rng.chance(0.85)) {
        add({ relation: '之儿媳', sex: '女', age: Math.max(18, sonAge + rng.int(-4, 2)), surname: 'own' });
      }
      let previous: number | undefined;
      while (room > 0 && rng.chance(0.9)) {
        const age = childOf(rng, sonAge, previous);
        if (age === undefined) break;
        previous = age;
        const sex: Sex = rng.chance(0.53) ? '男' : '女';
        add({ relation: sex === '男' ? '之孙子' : '之孙女', sex, age, surname: 'family' });
      }
    }
  }
  // A widowed parent (more often the mother) lives with a younger head.
  if (room > 0 && headAge <= 55 && rng.chance(0.3)) {
    const both = room >= 3 && rng.chance(0.3);
    const oldest = Math.min(96, headAge + rng.int(22, 32));
    if (both || rng.chance(0.35)) add({ relation: '之父', sex: '男', age: oldest, surname: 'family' });
    if (room > 0)
      add({ relation: '之母', sex: '女', age: Math.max(headAge + 20, oldest - rng.int(0, 4)), surname: 'own' });
  }
  const spouse = family.find((m) => m.relation === '配偶');
  const motherAge = headSex === '女' ? headAge : (spouse?.age ?? headAge);
  let previous: number | undefined;
  while (room > 0) {
    const age = childOf(rng, Math.min(headAge, motherAge), previous);
    if (age === undefined) {
      add({
        relation: '之兄弟姐妹',
        sex: rng.chance(0.5) ? '男' : '女',
        age: Math.max(16, headAge + rng.int(-8, 8)),
        surname: 'family',
      });
      continue;
    }
    previous = age;
    const sex: Sex = rng.chance(0.53) ? '男' : '女';
    add({ relation: sex === '男' ? '之子' : '之女', sex, age, surname: 'family' });
  }
  return family;
}

// The rural population (农村户籍人口) a village has when no officer has entered one: the registry
// holds only poor households, and the region tree holds no population, so incidence needs a
// denominator. This is a documented, deterministic stand-in, never random: a 村委会 gets
// 800 + (code × 7919 mod 1751) people — between 800 and 2,550, mean ≈ 1,675, so Hubei's 23,576
// administrative villages hold ≈ 39.5 million people, which is the 2014 registered 5.807 million
// poor at the published 14.7% rate (DOMAIN §8). Urban 居委会 communities get none. The SQL
// function fupin_default_rural_population (migration 008) computes the same number.

import { villageKind } from '../regions.js';

/** The seeded default rural population of a village (0 for a 居委会 community). */
export function defaultRuralPopulation(villageCode: string): number {
  if (!/^\d{12}$/.test(villageCode) || villageKind(villageCode) !== 'village') return 0;
  return 800 + Number((BigInt(villageCode) * 7919n) % 1751n);
}

// Seeded randomness for the registry generator. Same seed and keys → same sequence, on every
// machine: no Math.random, no clock. Each county gets its own stream (keyed by seed and county
// code), so a county's data does not depend on the order or number of the others.

/** A weighted choice table built once and drawn from many times. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Cumulative weights, normalised so the last is 1. */
  readonly cumulative: Float64Array;
}

/** Builds a weighted table; weights need not sum to 1 but must be ≥ 0 with a positive total. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (!(total > 0) || entries.some(([, w]) => w < 0)) throw new RangeError('weights must be ≥ 0 with a positive sum');
  const cumulative = new Float64Array(entries.length);
  let running = 0;
  entries.forEach(([, w], i) => {
    running += w;
    cumulative[i] = running / total;
  });
  return { values: entries.map(([v]) => v), cumulative };
}

/** 32-bit FNV-1a over a string: turns seed parts into PRNG state. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): fast, 128-bit state, good statistics. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for a seed and any number of keys, e.g. `new Rng(42, 'county', '420222')`. */
  constructor(seed: number, ...keys: readonly (string | number)[]) {
    const text = [seed, ...keys].join('\u0001');
    this.a = fnv1a(`a${text}`);
    this.b = fnv1a(`b${text}`);
    this.c = fnv1a(`c${text}`);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** One value of a weighted table. */
  draw<T>(table: WeightedTable<T>): T {
    const u = this.next();
    const { cumulative, values } = table;
    let i = 0;
    while (i < cumulative.length - 1 && (cumulative[i] ?? 1) <= u) i++;
    const value = values[i];
    if (value === undefined) throw new RangeError('draw from an empty table');
    return value;
  }

  /** A string of `length` random decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.nextUint32() % 10);
    return out;
  }
}

/**
 * A weighted table written as text, e.g. `'小学 40, 初中 13'`; `guard` checks each value
 * belongs to its enumeration, so a typo fails when the module loads.
 */
export function weightedText<T>(text: string, guard: (value: unknown) => value is T): WeightedTable<T> {
  return weighted(
    text.split(',').map((entry): [T, number] => {
      const [value, weight] = entry.trim().split(/\s+/);
      if (!guard(value) || weight === undefined || !Number.isFinite(Number(weight))) {
        throw new RangeError(`bad weighted entry "${entry}"`);
      }
      return [value, Number(weight)];
    }),
  );
}

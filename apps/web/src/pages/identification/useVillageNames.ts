import { isWithinScope } from '@fupin/domain';
import { useEffect, useState } from 'react';
import { fetchAllChildren, fetchRegion } from '../../api/regions';
import { useCurrentUser } from '../../auth/AuthProvider';

/** Villages of a township by code, loaded once per township for the whole visit. */
const townships = new Map<string, Promise<ReadonlyMap<string, string>>>();

function villagesOf(townshipCode: string): Promise<ReadonlyMap<string, string>> {
  let found = townships.get(townshipCode);
  if (!found) {
    found = fetchAllChildren(townshipCode).then(
      (children) => new Map(children.map((child) => [child.code, child.name])),
      (caught: unknown) => {
        townships.delete(townshipCode);
        throw caught;
      },
    );
    townships.set(townshipCode, found);
  }
  return found;
}

/** Names of the villages one by one (a village user may not read the township's children). */
async function eachVillage(villageCodes: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const regions = await Promise.allSettled(villageCodes.map((code) => fetchRegion(code)));
  return new Map(regions.flatMap((r) => (r.status === 'fulfilled' ? [[r.value.code, r.value.name] as const] : [])));
}

/** Names of villages under one township: its children when the scope reaches the township. */
async function namesUnder(
  scope: string,
  townshipCode: string,
  villageCodes: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  if (!isWithinScope(scope, townshipCode)) return eachVillage(villageCodes);
  try {
    return await villagesOf(townshipCode);
  } catch {
    return eachVillage(villageCodes);
  }
}

/**
 * Names of the given village codes (cases carry only the code), read from the region tree one
 * township at a time; codes not yet loaded (or not readable) are simply missing from the map.
 */
export function useVillageNames(villageCodes: readonly string[]): ReadonlyMap<string, string> {
  const scope = useCurrentUser().regionCode;
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const codes = [...new Set(villageCodes)].sort().join(',');
  useEffect(() => {
    if (codes === '') return undefined;
    let cancelled = false;
    const byTownship = new Map<string, string[]>();
    for (const code of codes.split(',')) {
      byTownship.set(code.slice(0, 9), [...(byTownship.get(code.slice(0, 9)) ?? []), code]);
    }
    void Promise.all([...byTownship].map(([township, inside]) => namesUnder(scope, township, inside))).then((maps) => {
      if (cancelled) return;
      const merged = new Map<string, string>();
      for (const map of maps) for (const [code, name] of map) merged.set(code, name);
      setNames(merged);
    });
    return () => {
      cancelled = true;
    };
  }, [codes, scope]);
  return names;
}

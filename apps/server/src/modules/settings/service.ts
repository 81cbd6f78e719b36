import { DEFAULT_IDENTIFICATION_SETTINGS, type IdentificationSettings } from '@fupin/domain';
import { DEFAULT_ASSISTANCE_SETTINGS, validAssistanceSettings, type AssistanceSettings } from '@fupin/domain';
import { DEFAULT_EXIT_SETTINGS, validExitSettings, type ExitSettings } from '@fupin/domain';
import type { Tx } from '../../db/scope.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/service.js';

/** Every editable policy setting, with its default (sources are named where the defaults live). */
export interface SettingsMap {
  identification: IdentificationSettings;
  assistance: AssistanceSettings;
  exit: ExitSettings;
}
export type SettingKey = keyof SettingsMap;

const DEFAULTS: SettingsMap = {
  assistance: DEFAULT_ASSISTANCE_SETTINGS,
  identification: DEFAULT_IDENTIFICATION_SETTINGS,
  exit: DEFAULT_EXIT_SETTINGS,
};

/** Validators: a setting is refused unless every number is in its sensible range. */
const VALID: { [K in SettingKey]: (v: SettingsMap[K]) => boolean } = {
  identification: (v) =>
    Number.isInteger(v.noticeDays) &&
    v.noticeDays >= 1 &&
    v.noticeDays <= 60 &&
    v.townshipSpotCheckRatio > 0 &&
    v.townshipSpotCheckRatio <= 1 &&
    v.countySpotCheckRatio > 0 &&
    v.countySpotCheckRatio <= 1,
  assistance: validAssistanceSettings,
  exit: validExitSettings,
};

export function isSettingKey(key: string): key is SettingKey {
  return key in DEFAULTS;
}

/** The current value of a setting: the stored one over the default. */
export async function getSetting<K extends SettingKey>(tx: Tx, key: K): Promise<SettingsMap[K]> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return { ...DEFAULTS[key], ...((row?.value ?? {}) as Partial<SettingsMap[K]>) };
}

/** Stores a setting after validation, audited with the old and new values. */
export async function putSetting<K extends SettingKey>(tx: Tx, key: K, value: SettingsMap[K]): Promise<SettingsMap[K]> {
  const merged = { ...DEFAULTS[key], ...value };
  if (!VALID[key](merged)) throw new AppError('VALIDATION', { field: key });
  const before = await getSetting(tx, key);
  await tx
    .insertInto('settings')
    .values({ key, value: JSON.stringify(merged) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(merged), updated_at: new Date() }))
    .execute();
  await recordAudit(tx, {
    action: 'setting.update',
    entity: 'setting',
    entityId: key,
    regionCode: null,
    before,
    after: merged,
  });
  return merged;
}

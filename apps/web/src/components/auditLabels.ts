import type { Translate } from '../i18n';

/** Entities whose audit trail the UI knows by name; others show their raw identifier. */
export const KNOWN_ENTITIES = ['user', 'region', 'job', 'session'] as const;
type KnownEntity = (typeof KNOWN_ENTITIES)[number];

function isKnownEntity(entity: string): entity is KnownEntity {
  return KNOWN_ENTITIES.some((known) => known === entity);
}

/** 用户 / 区划 / 后台任务 …, or the raw entity name. */
export function entityLabel(t: Translate, entity: string): string {
  return isKnownEntity(entity) ? t(`audit.entity.${entity}`) : entity;
}

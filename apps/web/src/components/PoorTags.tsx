import type { RegionLevel } from '@fupin/domain';
import { Space, Tag, Tooltip } from 'antd';
import type { PoorInfo } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';

/** Colours of the designation tags: national red, provincial volcano, city orange. */
const DESIGNATION_COLOR = { national: 'red', provincial: 'volcano', city: 'orange' } as const;

function designationKey(level: RegionLevel, poor: PoorInfo): MessageKey {
  switch (level) {
    case 'county':
      return `poor.county.${poor.designation}`;
    case 'township':
      return `poor.township.${poor.designation}`;
    case 'village':
      return `poor.village.${poor.designation}`;
    case 'province':
    case 'prefecture':
      return 'poor.other';
  }
}

function extremelyKey(level: RegionLevel): MessageKey {
  if (level === 'county') return 'poor.extremely.county';
  if (level === 'township') return 'poor.extremely.township';
  return 'poor.extremely.village';
}

function keyPoorKey(level: RegionLevel): MessageKey {
  if (level === 'township') return 'poor.key.township';
  if (level === 'village') return 'poor.key.village';
  return 'poor.key.other';
}

function exitKey(level: RegionLevel): MessageKey {
  if (level === 'county') return 'poor.exit.county';
  if (level === 'village') return 'poor.exit.village';
  return 'poor.exit.other';
}

export interface PoorTagsProps {
  level: RegionLevel;
  /** The designation, or just a flag (search hits carry only a flag). */
  poor: PoorInfo | boolean | null;
  /** Also show the designation and exit years. */
  detailed?: boolean;
  /** Show a grey 非贫困 tag for regions that are not poor. */
  showNotPoor?: boolean;
}

/** 国定贫困县 / 省定贫困县 / 贫困乡镇 / 贫困村 / 深度贫困村 / 重点贫困村 tags of a region. */
export function PoorTags({ level, poor, detailed = false, showNotPoor = false }: PoorTagsProps) {
  const { t } = useI18n();
  if (!poor) return showNotPoor ? <Tag>{t('poor.notPoor')}</Tag> : null;
  if (poor === true) return <Tag color="red">{t(`poor.flag.${level}`)}</Tag>;
  const designation = (
    <Tag color={DESIGNATION_COLOR[poor.designation]} data-testid="poor-designation">
      {t(designationKey(level, poor))}
    </Tag>
  );
  return (
    <Space size={[0, 4]} wrap>
      {detailed && poor.note ? <Tooltip title={poor.note}>{designation}</Tooltip> : designation}
      {poor.extremelyPoor ? <Tag color="magenta">{t(extremelyKey(level))}</Tag> : null}
      {poor.keyPoor ? <Tag color="gold">{t(keyPoorKey(level))}</Tag> : null}
      {detailed ? <Tag>{t('poor.since', { year: poor.since })}</Tag> : null}
      {poor.exitYear !== null ? <Tag color="green">{t(exitKey(level), { year: poor.exitYear })}</Tag> : null}
    </Space>
  );
}

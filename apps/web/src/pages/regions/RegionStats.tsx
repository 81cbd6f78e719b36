import { REGION_LEVELS, type RegionLevel } from '@fupin/domain';
import { Card, Statistic } from 'antd';
import type { Region, RegionCounts } from '../../api/types';
import { useI18n } from '../../i18n';

type CountKey = keyof RegionCounts;

interface StatDef {
  key: CountKey;
  /** The level of the units counted, to hide counts of levels above the region. */
  level: RegionLevel;
  poor: boolean;
}

const STATS: StatDef[] = [
  { key: 'prefecture', level: 'prefecture', poor: false },
  { key: 'county', level: 'county', poor: false },
  { key: 'township', level: 'township', poor: false },
  { key: 'village', level: 'village', poor: false },
  { key: 'poorCounty', level: 'county', poor: true },
  { key: 'poorTownship', level: 'township', poor: true },
  { key: 'poorVillage', level: 'village', poor: true },
];

function isBelow(level: RegionLevel, region: RegionLevel): boolean {
  return REGION_LEVELS.indexOf(level) > REGION_LEVELS.indexOf(region);
}

/** Subtree counts of a region as statistic cards (units below it, and the poor ones). */
export function RegionStats({ region }: { region: Region }) {
  const { t } = useI18n();
  const stats = STATS.filter((stat) => isBelow(stat.level, region.level));
  if (stats.length === 0) return null;
  const share = region.counts.village > 0 ? (region.counts.poorVillage / region.counts.village) * 100 : null;
  return (
    <div className="region-stats" data-testid="region-stats">
      {stats.map((stat) => (
        <Card key={stat.key} size="small" className={stat.poor ? 'stat-card stat-card-poor' : 'stat-card'}>
          <Statistic
            title={t(`region.count.${stat.key}`)}
            value={region.counts[stat.key]}
            data-testid={`stat-${stat.key}`}
          />
        </Card>
      ))}
      {share !== null ? (
        <Card size="small" className="stat-card stat-card-poor">
          <Statistic title={t('region.count.poorVillageShare')} value={share} precision={1} suffix="%" />
        </Card>
      ) : null}
    </div>
  );
}

import { ExperimentOutlined } from '@ant-design/icons';
import type { IdentificationSettings } from '@fupin/domain';
import { Alert, Button, Card, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { drawSpotCheck, type IdentificationCase, type SpotCheck, type SpotCheckLevel } from '../../api/identification';
import { useCurrentUser } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';
import { formatRatio, useStepErrorText } from './labels';
import { rememberSpotCheck, roleReaches, spotCheckRegion } from './workflow';

export interface SpotCheckCardProps {
  /** The region the list shows; the spot check covers its township or county. */
  regionCode: string;
  regionName: string | undefined;
  settings: IdentificationSettings | undefined;
  /** The cases listed, to name the sampled ones. */
  cases: readonly IdentificationCase[];
  /** The latest spot checks drawn over this region in this tab, one per level. */
  checks: readonly SpotCheck[];
  onDrawn: (check: SpotCheck) => void;
}

/** 抽查: a township or county officer draws the random sample of cases to visit before the review. */
export function SpotCheckCard({ regionCode, regionName, settings, cases, checks, onDrawn }: SpotCheckCardProps) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const stepErrorText = useStepErrorText();
  const levels: SpotCheckLevel[] = (['township', 'county'] as const).filter((level) => roleReaches(user.role, level));
  const preferred: SpotCheckLevel = user.regionCode.length <= 6 ? 'county' : 'township';
  const [chosen, setChosen] = useState<SpotCheckLevel>(preferred);
  const level = levels.includes(chosen) ? chosen : (levels[0] ?? 'township');
  const region = spotCheckRegion(level, regionCode);
  const ratio = settings ? (level === 'township' ? settings.townshipSpotCheckRatio : settings.countySpotCheckRatio) : 0;
  const [drawing, setDrawing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const draw = async () => {
    if (!region) return;
    setDrawing(true);
    setError(undefined);
    try {
      const check = await drawSpotCheck(level, region);
      rememberSpotCheck(check);
      onDrawn(check);
    } catch (caught) {
      setError(caught);
    } finally {
      setDrawing(false);
    }
  };

  const names = new Map(cases.map((c) => [c.key, c.applicantName]));
  const shown = checks.find((check) => check.level === level);
  return (
    <Card
      size="small"
      title={
        <Space>
          <ExperimentOutlined />
          {t('ident.spot.title')}
        </Space>
      }
      data-testid="spot-check-card"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {levels.length > 1 ? (
          <Segmented<SpotCheckLevel>
            value={level}
            onChange={setChosen}
            options={levels.map((value) => ({ value, label: t(`ident.spot.level.${value}`) }))}
          />
        ) : (
          <Typography.Text strong>{t(`ident.spot.level.${level}`)}</Typography.Text>
        )}
        <Typography.Text type="secondary">{t('ident.spot.hint', { ratio: formatRatio(ratio) })}</Typography.Text>
        {region ? (
          <Space wrap>
            <Typography.Text>{t('ident.spot.region', { region: regionName ?? region })}</Typography.Text>
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              loading={drawing}
              onClick={() => void draw()}
              data-testid="spot-check-draw"
            >
              {t('ident.spot.draw')}
            </Button>
          </Space>
        ) : (
          <Alert
            type="info"
            showIcon
            title={level === 'township' ? t('ident.spot.needTownship') : t('ident.spot.needCounty')}
          />
        )}
        {error ? <Alert type="warning" showIcon title={stepErrorText(error)} data-testid="spot-check-error" /> : null}
        {shown ? (
          <Alert
            type="success"
            showIcon
            data-testid="spot-check-result"
            title={t('ident.spot.result', {
              cases: shown.cases,
              n: shown.sampled.length,
              ratio: formatRatio(shown.ratio),
            })}
            description={
              <Space size={[4, 4]} wrap>
                {t('ident.spot.sampledList')}
                {shown.sampled.map((key) => (
                  <Link key={key} to={`/identification/${key}`}>
                    <Tag color="volcano">{names.get(key) ?? key}</Tag>
                  </Link>
                ))}
              </Space>
            }
          />
        ) : null}
      </Space>
    </Card>
  );
}

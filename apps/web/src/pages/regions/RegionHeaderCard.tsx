import { EnvironmentFilled } from '@ant-design/icons';
import { fullRegionCode, isWithinScope, levelOfCode } from '@fupin/domain';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Region } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { PoorTags } from '../../components/PoorTags';
import { formatRegionCode } from '../../format';
import { useI18n } from '../../i18n';
import { kindLabel, levelLabel } from '../../i18n/labels';
import { RegionSearch } from './RegionSearch';

/** Name, level, 12-digit code and poverty designation of a region. */
export function RegionHeaderCard({ region }: { region: Region }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const parent = region.path.at(-2);
  return (
    <Card className="region-header">
      <div className="region-header-top">
        <div className="region-header-name">
          <Typography.Title level={2} className="region-title" data-testid="region-title">
            <EnvironmentFilled className="region-title-icon" />
            {region.name}
          </Typography.Title>
          <Space size={[0, 6]} wrap className="region-header-tags">
            <Tag color="blue">{levelLabel(t, region.level)}</Tag>
            {region.kind ? <Tag color="cyan">{kindLabel(t, region.kind)}</Tag> : null}
            {region.isDirect ? <Tag color="purple">{t('region.direct')}</Tag> : null}
            <PoorTags level={region.level} poor={region.poor} detailed />
          </Space>
        </div>
        {/* A village user's scope is one village: nothing to search. */}
        {levelOfCode(user.regionCode) === 'village' ? null : <RegionSearch />}
      </div>
      <Descriptions
        size="small"
        className="region-header-desc"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'code',
            label: t('region.code'),
            children: (
              <Typography.Text
                copyable={{ text: fullRegionCode(region.code) }}
                className="region-code"
                data-testid="region-code"
              >
                {formatRegionCode(region.code)}
              </Typography.Text>
            ),
          },
          {
            key: 'parent',
            label: t('region.parent'),
            children: parent ? (
              isWithinScope(user.regionCode, parent.code) ? (
                <Link to={`/regions/${parent.code}`}>{parent.name}</Link>
              ) : (
                parent.name
              )
            ) : (
              t('common.none')
            ),
          },
          { key: 'children', label: t('region.childCount'), children: region.childCount },
        ]}
      />
    </Card>
  );
}

import { Card, Space, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { BulkAssignTab } from './BulkAssignTab';
import { CoverageTab } from './CoverageTab';
import { LeadersTab, LinksTab } from './LinksTab';
import { OrganisationTab } from './OrganisationTab';
import { SecretariesTab } from './SecretariesTab';
import { TeamsTab } from './TeamsTab';

const TABS = ['coverage', 'teams', 'secretaries', 'links', 'organisation', 'leaders', 'bulk'] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string | null): v is Tab => TABS.some((t) => t === v);

/** `/assistance?region=&tab=` — assistance organisation and coverage of a region (default: the user's). */
export function AssistancePage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const requested = params.get('region');
  const regionCode = requested && requested.startsWith(user.regionCode) ? requested : user.regionCode;
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'coverage';
  usePageMeta([{ title: t('assist.title') }]);
  const set = (next: { tab?: Tab; region?: string }) =>
    setParams({ tab: next.tab ?? tab, region: next.region ?? regionCode }, { replace: true });
  const items = [
    { key: 'coverage', label: t('assist.tab.coverage'), children: <CoverageTab regionCode={regionCode} /> },
    { key: 'teams', label: t('assist.tab.teams'), children: <TeamsTab regionCode={regionCode} /> },
    { key: 'secretaries', label: t('assist.tab.secretaries'), children: <SecretariesTab regionCode={regionCode} /> },
    { key: 'links', label: t('assist.tab.links'), children: <LinksTab regionCode={regionCode} /> },
    { key: 'organisation', label: t('assist.tab.organisation'), children: <OrganisationTab regionCode={regionCode} /> },
    { key: 'leaders', label: t('assist.tab.leaders'), children: <LeadersTab regionCode={regionCode} /> },
    ...(can('assistance.import') ? [{ key: 'bulk', label: t('assist.tab.bulk'), children: <BulkAssignTab /> }] : []),
  ];
  return (
    <Card
      title={t('assist.title')}
      extra={
        <Space>
          {t('assist.region')}
          <RegionPicker
            value={regionCode}
            onChange={(code) => set({ region: code ?? user.regionCode })}
            style={{ minWidth: 240 }}
            data-testid="assist-region"
          />
        </Space>
      }
    >
      <Tabs activeKey={tab} onChange={(k) => set({ tab: k as Tab })} items={items} destroyOnHidden />
    </Card>
  );
}

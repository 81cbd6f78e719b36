import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';

const TABS = [
  { key: '/exit', label: 'exit.tab.evaluation' },
  { key: '/exit/cases', label: 'exit.tab.cases' },
  { key: '/exit/facts', label: 'exit.tab.facts' },
  { key: '/exit/standards', label: 'exit.tab.standards' },
] as const;

/** The four exit pages as tabs across the top. */
export function ExitTabs() {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const active = [...TABS].reverse().find((tab) => location.pathname.startsWith(tab.key))?.key ?? '/exit';
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => void navigate(key)}
      items={TABS.filter((tab) => tab.key !== '/exit/facts' || can('exit.write') || can('exit.review')).map((tab) => ({
        key: tab.key,
        label: <span data-testid={`exit-tab-${tab.key.split('/').at(-1) ?? 'exit'}`}>{t(tab.label)}</span>,
      }))}
      style={{ marginBottom: -8 }}
    />
  );
}

import {
  AuditOutlined,
  ClusterOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  FundOutlined,
  HomeOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  PartitionOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Grid, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import type { Permission } from '@fupin/domain';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/AuthProvider';
import { RegionTreeProvider } from '../components/RegionTreeProvider';
import { useI18n, type MessageKey } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { PageMetaProvider, useShellMeta } from './PageMeta';
import { RegionSwitcher } from './RegionSwitcher';
import { UserMenu } from './UserMenu';

interface ModuleEntry {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  /** Permission the module needs; the menu hides modules the role lacks. */
  permission: Permission;
  to: (homeRegion: string) => string;
}

/** The side menu, one entry per module. */
const MODULES: ModuleEntry[] = [
  {
    key: 'dashboard',
    label: 'nav.dashboard',
    icon: <DashboardOutlined />,
    permission: 'progress.read',
    to: (home) => `/dashboard/${home}`,
  },
  {
    key: 'battle-map',
    label: 'nav.battleMap',
    icon: <EnvironmentOutlined />,
    permission: 'progress.read',
    to: (home) => `/battle-map/${home}`,
  },
  {
    key: 'regions',
    label: 'nav.regions',
    icon: <ClusterOutlined />,
    permission: 'regions.read',
    to: (home) => `/regions/${home}`,
  },
  {
    key: 'households',
    label: 'nav.households',
    icon: <HomeOutlined />,
    permission: 'registry.read',
    to: () => '/households',
  },
  {
    key: 'identification',
    label: 'nav.identification',
    icon: <SolutionOutlined />,
    permission: 'registry.read',
    to: () => '/identification',
  },
  {
    key: 'assistance',
    label: 'nav.assistance',
    icon: <PartitionOutlined />,
    permission: 'assistance.read',
    to: () => '/assistance',
  },
  {
    key: 'household-plans',
    label: 'nav.teamActivity',
    icon: <FundOutlined />,
    permission: 'assistance.read',
    to: () => '/household-plans',
  },
  { key: 'exit', label: 'nav.exit', icon: <FlagOutlined />, permission: 'exit.read', to: () => '/exit' },
  { key: 'users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read', to: () => '/users' },
  { key: 'audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', to: () => '/audit' },
  { key: 'jobs', label: 'nav.jobs', icon: <ScheduleOutlined />, permission: 'jobs.read', to: () => '/jobs' },
];

function ShellBreadcrumb() {
  const { t } = useI18n();
  const { crumbs } = useShellMeta();
  const items = [
    { title: <Link to="/">{t('nav.home')}</Link> },
    ...crumbs.map((crumb) => ({
      title: crumb.to ? <Link to={crumb.to}>{crumb.title}</Link> : crumb.title,
    })),
  ];
  return <Breadcrumb className="shell-breadcrumb" items={items} />;
}

function ShellLayout() {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // Breakpoints are unknown ({}) on the first render; only an explicit "not md" is a phone.
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);

  // Close the drawer-like menu after navigating on a phone.
  useEffect(() => {
    if (mobile) setCollapsed(true);
  }, [location.pathname, mobile]);

  const modules = MODULES.filter((module) => can(module.permission));
  const selected = modules.find((module) => location.pathname.startsWith(`/${module.key}`))?.key;
  const items: MenuProps['items'] = modules.map((module) => ({
    key: module.key,
    icon: module.icon,
    label: t(module.label),
  }));

  return (
    <Layout className="shell">
      <Layout.Sider
        className={mobile ? 'shell-sider shell-sider-mobile' : 'shell-sider'}
        width={208}
        collapsible
        collapsed={collapsed}
        collapsedWidth={mobile ? 0 : 64}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
      >
        <Link to="/" className="shell-logo" aria-label={t('app.title')}>
          <span className="shell-logo-mark">扶</span>
          {collapsed ? null : <span className="shell-logo-text">{t('app.shortTitle')}</span>}
        </Link>
        <Menu
          mode="inline"
          theme="dark"
          className="shell-menu"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            const module = modules.find((entry) => entry.key === key);
            if (module) void navigate(module.to(user.regionCode));
          }}
        />
      </Layout.Sider>
      {mobile && !collapsed ? <div className="shell-mask" onClick={() => setCollapsed(true)} aria-hidden /> : null}
      <Layout className="shell-main">
        <Layout.Header className="shell-header">
          <Button
            type="text"
            className="shell-header-button"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
            onClick={() => setCollapsed(!collapsed)}
          />
          {screens.lg ? (
            <Typography.Title level={4} className="shell-title">
              {t('app.title')}
            </Typography.Title>
          ) : null}
          <div className="shell-header-spacer" />
          {can('regions.read') ? <RegionSwitcher compact={mobile} /> : null}
          <LanguageSwitch className="shell-header-button" />
          <UserMenu />
        </Layout.Header>
        <Layout.Content className="shell-content">
          <ShellBreadcrumb />
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="shell-footer">{t('app.footer')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}

/** Signed-in frame: side menu by module, header with region switcher, language and user menu. */
export function AppShell() {
  return (
    <PageMetaProvider>
      <RegionTreeProvider>
        <ShellLayout />
      </RegionTreeProvider>
    </PageMetaProvider>
  );
}

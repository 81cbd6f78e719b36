import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { useCurrentUser } from './auth/AuthProvider';
import { FullPageSpin, RequireAuth, RequirePermission } from './auth/RequireAuth';
import { Skeleton } from 'antd';
import { AppShell } from './layout/AppShell';
import { LoginPage } from './pages/auth/LoginPage';
import { ErrorPage, RouteErrorPage } from './pages/errors/ErrorPage';
import { RegionPage } from './pages/regions/RegionPage';

// Pages a user may never open are split off the main bundle.
const UsersPage = lazy(async () => ({ default: (await import('./pages/users/UsersPage')).UsersPage }));
const AuditPage = lazy(async () => ({ default: (await import('./pages/audit/AuditPage')).AuditPage }));
const JobsPage = lazy(async () => ({ default: (await import('./pages/jobs/JobsPage')).JobsPage }));
const IdentificationPage = lazy(async () => ({
  default: (await import('./pages/identification/IdentificationPage')).IdentificationPage,
}));
const IdentificationCasePage = lazy(async () => ({
  default: (await import('./pages/identification/CasePage')).CasePage,
}));
const IdentificationApplicationPage = lazy(async () => ({
  default: (await import('./pages/identification/ApplicationPage')).ApplicationPage,
}));
const IdentificationNoticePage = lazy(async () => ({
  default: (await import('./pages/identification/NoticePage')).NoticePage,
}));
const HouseholdsPage = lazy(async () => ({
  default: (await import('./pages/registry/HouseholdsPage')).HouseholdsPage,
}));
const HouseholdDetailPage = lazy(async () => ({
  default: (await import('./pages/registry/HouseholdDetailPage')).HouseholdDetailPage,
}));
const HouseholdNewPage = lazy(async () => ({
  default: (await import('./pages/registry/HouseholdFormPage')).HouseholdNewPage,
}));
const HouseholdEditPage = lazy(async () => ({
  default: (await import('./pages/registry/HouseholdFormPage')).HouseholdEditPage,
}));
const DuplicatesPage = lazy(async () => ({
  default: (await import('./pages/registry/DuplicatesPage')).DuplicatesPage,
}));

const ExitPage = lazy(async () => ({ default: (await import('./pages/exit/ExitPage')).ExitPage }));
const ExitCasesPage = lazy(async () => ({ default: (await import('./pages/exit/CasesPage')).CasesPage }));
const ExitCasePage = lazy(async () => ({ default: (await import('./pages/exit/ExitCasePage')).ExitCasePage }));
const ExitFactsPage = lazy(async () => ({ default: (await import('./pages/exit/FactsPage')).FactsPage }));
const ExitStandardsPage = lazy(async () => ({ default: (await import('./pages/exit/StandardsPage')).StandardsPage }));

const WallCardPage = lazy(async () => ({
  default: (await import('./pages/household-plans/WallCardPage')).WallCardPage,
}));
const VerifyCardPage = lazy(async () => ({
  default: (await import('./pages/household-plans/VerifyCardPage')).VerifyCardPage,
}));
const TeamActivityPage = lazy(async () => ({
  default: (await import('./pages/household-plans/TeamActivityPage')).TeamActivityPage,
}));
const AssistancePage = lazy(async () => ({
  default: (await import('./pages/assistance/AssistancePage')).AssistancePage,
}));

const BattleMapPage = lazy(async () => ({
  default: (await import('./pages/battle-map/BattleMapPage')).BattleMapPage,
}));
const DashboardPage = lazy(async () => ({
  default: (await import('./pages/dashboard/DashboardPage')).DashboardPage,
}));

/** `/battle-map` and `/dashboard` open the user's home region. */
function HomeRegionRedirect({ to }: { to: string }) {
  const user = useCurrentUser();
  return <Navigate to={`/${to}/${user.regionCode}`} replace />;
}

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>{children}</Suspense>;
}

/** `/` goes to the user's home region. */
function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={`/regions/${user.regionCode}`} replace />;
}

/** Every route of the app. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    // The printable public notice stands outside the app frame (an A4 sheet, nothing else to print).
    path: '/identification/notice',
    element: (
      <RequireAuth>
        <RequirePermission permission="registry.read">
          <Page>
            <IdentificationNoticePage />
          </Page>
        </RequirePermission>
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
  },
  {
    // The printable "十个到户" wall card, outside the app frame like the notice.
    path: '/households/:key/wall-card',
    element: (
      <RequireAuth>
        <RequirePermission permission="assistance.visit">
          <Page>
            <WallCardPage />
          </Page>
        </RequirePermission>
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
  },
  {
    // The public check of a posted wall card's QR code: no login.
    path: '/verify/:token',
    element: (
      <Page>
        <VerifyCardPage />
      </Page>
    ),
    errorElement: <RouteErrorPage />,
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: 'regions',
        element: <HomeRedirect />,
      },
      {
        path: 'regions/:code',
        element: (
          <RequirePermission permission="regions.read">
            <RegionPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.read">
            <Page>
              <UsersPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <Page>
              <AuditPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'jobs',
        element: (
          <RequirePermission permission="jobs.read">
            <Page>
              <JobsPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'households',
        element: (
          <RequirePermission permission="registry.read">
            <Page>
              <HouseholdsPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'households/new',
        element: (
          <RequirePermission permission="registry.write">
            <Page>
              <HouseholdNewPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'households/duplicates',
        element: (
          <RequirePermission permission="registry.review">
            <Page>
              <DuplicatesPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'households/:key',
        element: (
          <RequirePermission permission="registry.read">
            <Page>
              <HouseholdDetailPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'households/:key/edit',
        element: (
          <RequirePermission permission="registry.write">
            <Page>
              <HouseholdEditPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'identification',
        element: (
          <RequirePermission permission="registry.read">
            <Page>
              <IdentificationPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'identification/new',
        element: (
          <RequirePermission permission="registry.write">
            <Page>
              <IdentificationApplicationPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'identification/:key',
        element: (
          <RequirePermission permission="registry.read">
            <Page>
              <IdentificationCasePage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'exit',
        element: (
          <RequirePermission permission="exit.read">
            <Page>
              <ExitPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'exit/cases',
        element: (
          <RequirePermission permission="exit.read">
            <Page>
              <ExitCasesPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'exit/cases/:key',
        element: (
          <RequirePermission permission="exit.read">
            <Page>
              <ExitCasePage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'exit/facts',
        element: (
          <RequirePermission permission="exit.read">
            <Page>
              <ExitFactsPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'exit/standards',
        element: (
          <RequirePermission permission="exit.read">
            <Page>
              <ExitStandardsPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'assistance',
        element: (
          <RequirePermission permission="assistance.read">
            <Page>
              <AssistancePage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'household-plans',
        element: (
          <RequirePermission permission="assistance.read">
            <Page>
              <TeamActivityPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'dashboard',
        element: <HomeRegionRedirect to="dashboard" />,
      },
      {
        path: 'dashboard/:code',
        element: (
          <RequirePermission permission="progress.read">
            <Page>
              <DashboardPage />
            </Page>
          </RequirePermission>
        ),
      },
      {
        path: 'battle-map',
        element: <HomeRegionRedirect to="battle-map" />,
      },
      {
        path: 'battle-map/:code',
        element: (
          <RequirePermission permission="progress.read">
            <Page>
              <BattleMapPage />
            </Page>
          </RequirePermission>
        ),
      },
      { path: 'forbidden', element: <ErrorPage status={403} /> },
      { path: 'error', element: <ErrorPage status={500} /> },
      { path: '*', element: <ErrorPage status={404} /> },
    ],
  },
]);

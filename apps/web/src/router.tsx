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
      { path: 'forbidden', element: <ErrorPage status={403} /> },
      { path: 'error', element: <ErrorPage status={500} /> },
      { path: '*', element: <ErrorPage status={404} /> },
    ],
  },
]);

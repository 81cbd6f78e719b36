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
      { path: 'forbidden', element: <ErrorPage status={403} /> },
      { path: 'error', element: <ErrorPage status={500} /> },
      { path: '*', element: <ErrorPage status={404} /> },
    ],
  },
]);

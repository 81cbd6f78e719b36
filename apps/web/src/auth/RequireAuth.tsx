import type { Permission } from '@fupin/domain';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useI18n } from '../i18n';
import { ErrorPage } from '../pages/errors/ErrorPage';
import { useAuth } from './AuthProvider';

/** Full-page spinner while the session is being checked. */
export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="full-page-center">
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

/** Sends anonymous visitors to the login page, remembering where they wanted to go. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, loggedOut } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'unavailable') return <ErrorPage status={500} />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    const target = next === '/' || loggedOut ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <>{children}</>;
}

/** Shows the 403 page unless the user's role grants `permission`. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) return <ErrorPage status={403} />;
  return <>{children}</>;
}

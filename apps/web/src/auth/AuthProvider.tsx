import type { Permission } from '@fupin/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth';
import { ApiError, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Session, User } from '../api/types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated' | 'unavailable';

export interface Auth {
  status: AuthStatus;
  user: User | null;
  /** Set when the session ended by itself (expired, revoked) rather than by logout. */
  expired: boolean;
  /** Set after the user signed out here, so the login page does not offer a way back. */
  loggedOut: boolean;
  /** Error that kept the session probe from answering (server down). */
  probeError: unknown;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/** Knows who is signed in; asks `/api/auth/me` once at start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [expired, setExpired] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);
  const [probeError, setProbeError] = useState<unknown>(undefined);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setStatus('authenticated');
    setExpired(false);
    setLoggedOut(false);
    setProbeError(undefined);
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(undefined);
    setUser(null);
    setStatus('anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await fetchMe());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        clear();
      } else {
        setProbeError(error);
        setStatus('unavailable');
      }
    }
  }, [accept, clear]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setExpired(true);
        clear();
      }),
    [clear],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await apiLogin(username, password);
      accept(session);
      return session.user;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setExpired(false);
      setLoggedOut(true);
      clear();
    }
  }, [clear]);

  const value = useMemo<Auth>(
    () => ({
      status,
      user,
      expired,
      loggedOut,
      probeError,
      login,
      logout,
      refresh,
      can: (permission) => user?.permissions.includes(permission) ?? false,
    }),
    [status, user, expired, loggedOut, probeError, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session: who is signed in and what they may do. */
export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for pages behind <RequireAuth>. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}

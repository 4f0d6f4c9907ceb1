// The signed-in staff member, known to every staff screen; menus and actions follow the roles.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { staffApi, session, request } from './api';

export interface StaffUser { id: number; username: string; displayName: string; roles: string[]; unitCode: string | null; totpEnabled?: boolean }
interface Session {
  user: StaffUser | null; loading: boolean;
  /** Signs in with the session cookie; `totp` when the account asks for its dynamic code (ApiError code totp_required). */
  login(username: string, password: string, totp?: string): Promise<void>;
  logout(): Promise<void>; has(...roles: string[]): boolean;
}
const Ctx = createContext<Session | null>(null);

export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<StaffUser | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let live = true;
    session.me()
      .then((m) => { if (live) setUser(m?.kind === 'staff' ? (m as StaffUser) : null); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, []);
  const login = useCallback(async (username: string, password: string, totp?: string) => {
    // The answer also carries the token, for API clients; the page keeps only the cookie the server set.
    await request(null, 'POST', '/api/auth/login', totp ? { username, password, totp } : { username, password });
    session.changed();
    const m = await session.me();
    setUser(m?.kind === 'staff' ? (m as StaffUser) : null);
  }, []);
  const logout = useCallback(async () => {
    await staffApi.post('/api/auth/logout').catch(() => {});
    session.forget();
    setUser(null);
  }, []);
  const has = useCallback((...roles: string[]) => !!user && user.roles.some((r) => roles.includes(r)), [user]);
  return <Ctx.Provider value={{ user, loading, login, logout, has }}>{children}</Ctx.Provider>;
}

export function useStaff(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useStaff outside StaffSessionProvider');
  return v;
}

export const CENTER = ['admin', 'dispatcher', 'reviewer'];
export const UNIT = ['officer', 'unit_leader'];

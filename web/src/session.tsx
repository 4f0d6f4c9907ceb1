// The signed-in staff member, known to every staff screen; menus and actions follow the roles.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { staffApi, tokens, request } from './api';

export interface StaffUser { id: number; username: string; displayName: string; roles: string[]; unitCode: string | null }
interface Session { user: StaffUser | null; loading: boolean; login(username: string, password: string): Promise<void>; logout(): Promise<void>; has(...roles: string[]): boolean }
const Ctx = createContext<Session | null>(null);

export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<StaffUser | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    if (!tokens.get('staff')) { setLoading(false); return; }
    staffApi.get<StaffUser & { kind: string }>('/api/auth/me').then(setUser).catch(() => setUser(null)).finally(() => setLoading(false));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const r = await request<{ token: string; user: StaffUser }>(null, 'POST', '/api/auth/login', { username, password });
    tokens.set('staff', r.token);
    setUser(await staffApi.get('/api/auth/me'));
  }, []);
  const logout = useCallback(async () => {
    await staffApi.post('/api/auth/logout').catch(() => {});
    tokens.clear('staff');
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

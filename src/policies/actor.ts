// Who is asking. Every request resolves to exactly one actor before any handler runs.

export type Role = 'admin' | 'dispatcher' | 'reviewer' | 'officer' | 'unit_leader' | 'viewer';
export const ROLES: Role[] = ['admin', 'dispatcher', 'reviewer', 'officer', 'unit_leader', 'viewer'];
export const CENTER_ROLES: Role[] = ['admin', 'dispatcher', 'reviewer'];
export const UNIT_ROLES: Role[] = ['officer', 'unit_leader'];

export interface StaffActor { kind: 'staff'; userId: number; username: string; displayName: string; roles: Role[]; unitCode: string | null }
export interface CitizenActor { kind: 'citizen'; citizenId: number; phone: string; name: string }
export interface AnonymousActor { kind: 'anonymous' }
export interface SystemActor { kind: 'system'; label: string }
export type Actor = StaffActor | CitizenActor | AnonymousActor | SystemActor;

export const hasRole = (a: Actor, ...roles: Role[]): a is StaffActor =>
  a.kind === 'staff' && a.roles.some((r) => roles.includes(r));

/** Center staff (and admin) see every case; unit staff only their unit's. */
export const isCenter = (a: Actor): boolean => hasRole(a, ...CENTER_ROLES);

export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case 'staff': return a.displayName || a.username;
    case 'citizen': return '来信人';
    case 'system': return a.label;
    default: return '匿名';
  }
}

/**
 * Who is who for the reference document service: the agency's edXML identity,
 * the other agencies it exchanges with, and the directory of units and people,
 * which comes from the identity provider's accounts (accounts.ts).
 */
import { ACCOUNTS, DEPARTMENTS, ORG_NAME, departments, type DemoAccount, type Role } from '../accounts.ts';
import type { Directory } from '../../../electron/core/documents/api.ts';
import { z } from 'zod';

/** Mã định danh of the demo agency and the demo province ("H99": no real province has it). */
export const AGENCY = { organId: '000.12.00.H99', name: ORG_NAME, place: 'Demo' } as const;

export const EXTERNAL = {
  ubnd: { organId: '000.00.00.H99', name: 'Ủy ban nhân dân tỉnh Demo' },
  vpubnd: { organId: '000.01.00.H99', name: 'Văn phòng Ủy ban nhân dân tỉnh Demo' },
  bo: { organId: '000.00.00.G12', name: 'Bộ Thông tin và Truyền thông' },
  taichinh: { organId: '000.13.00.H99', name: 'Sở Tài chính tỉnh Demo' },
  noivu: { organId: '000.14.00.H99', name: 'Sở Nội vụ tỉnh Demo' },
  khdt: { organId: '000.15.00.H99', name: 'Sở Kế hoạch và Đầu tư tỉnh Demo' },
  congan: { organId: '000.20.00.H99', name: 'Công an tỉnh Demo' },
} as const;

export type ApiRole = 'clerk' | 'leader' | 'head' | 'specialist' | 'viewer';

const ROLE_MAP: Record<Role, ApiRole> = {
  van_thu: 'clerk',
  pho_giam_doc: 'leader',
  truong_phong: 'head',
  chuyen_vien: 'specialist',
  quan_tri: 'viewer',
};

export function apiRole(role: string): ApiRole {
  return (ROLE_MAP as Record<string, ApiRole | undefined>)[role] ?? 'viewer';
}

export interface Person {
  username: string;
  name: string;
  email: string;
  title: string;
  role: ApiRole;
  unit: { id: string; name: string };
}

/** The claims the service reads from introspection; a token without them is refused. */
export const ClaimsSchema = z.object({
  active: z.literal(true),
  sub: z.string().min(1),
  client_id: z.string().min(1),
  token_type: z.string().optional(),
  name: z.string().min(1),
  email: z.string().optional(),
  role: z.string().min(1),
  department: z.object({ id: z.string().min(1), name: z.string().min(1) }),
});
export type Claims = z.infer<typeof ClaimsSchema>;

export function personFromClaims(c: Claims): Person {
  return { username: c.sub, name: c.name, email: c.email ?? '', title: '', role: apiRole(c.role), unit: { ...c.department } };
}

function personOf(a: DemoAccount): Person {
  return { username: a.username, name: a.name, email: a.email, title: a.title, role: apiRole(a.role), unit: { ...a.department } };
}

export const PEOPLE: readonly Person[] = ACCOUNTS.map(personOf);

export function findPerson(username: string): Person | undefined {
  return PEOPLE.find((p) => p.username === username);
}

export function unitName(id: string): string | undefined {
  return departments().find((d) => d.id === id)?.name;
}

/** The head of a unit: its trưởng phòng, or for the board its leaders; none for the office. */
export function headsOf(unitId: string): Person[] {
  if (unitId === DEPARTMENTS.banGiamDoc.id) return PEOPLE.filter((p) => p.unit.id === unitId && p.role === 'leader');
  return PEOPLE.filter((p) => p.unit.id === unitId && p.role === 'head');
}

export function membersOf(unitId: string): Person[] {
  return PEOPLE.filter((p) => p.unit.id === unitId);
}

export function directory(): Directory {
  return {
    organization: { organId: AGENCY.organId, name: AGENCY.name },
    units: departments().map((d) => ({ id: d.id, name: d.name, head: headsOf(d.id)[0]?.username ?? null })),
    people: PEOPLE.map((p) => ({ username: p.username, name: p.name, email: p.email, title: p.title, role: p.role, unitId: p.unit.id })),
  };
}

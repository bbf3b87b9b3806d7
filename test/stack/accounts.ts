/**
 * The demo organization: departments, people and OIDC clients.
 * Everything the servers are configured with is derived from this file.
 */

export const ORG_ID = 'so-demo';
export const ORG_NAME = 'Sở Thông tin và Truyền thông tỉnh Demo';
export const MAIL_DOMAIN = 'so-demo.invalid';
export const MEETINGS_BASE_URL = 'https://meet.so-demo.invalid';

export type Role = 'chuyen_vien' | 'truong_phong' | 'pho_giam_doc' | 'van_thu' | 'quan_tri';

export interface Department {
  id: string;
  name: string;
}

export interface DemoAccount {
  username: string;
  password: string;
  email: string;
  name: string;
  givenName: string;
  familyName: string;
  role: Role;
  /** Title as shown in Vietnamese mail signatures. */
  title: string;
  department: Department;
}

export const DEPARTMENTS = {
  banGiamDoc: { id: 'ban-giam-doc', name: 'Ban Giám đốc' },
  vanPhong: { id: 'van-phong', name: 'Văn phòng Sở' },
  cntt: { id: 'phong-cntt', name: 'Phòng Công nghệ thông tin' },
  bcvt: { id: 'phong-bcvt', name: 'Phòng Bưu chính, Viễn thông' },
} as const satisfies Record<string, Department>;

/** One password for every demo account: this is a demo, the README says so. */
export const DEMO_PASSWORD = 'Govdesk@2025';

function account(
  username: string,
  familyName: string,
  givenName: string,
  role: Role,
  title: string,
  department: Department,
): DemoAccount {
  return {
    username,
    password: DEMO_PASSWORD,
    email: `${username}@${MAIL_DOMAIN}`,
    name: `${familyName} ${givenName}`,
    givenName,
    familyName,
    role,
    title,
    department: { ...department },
  };
}

export const ACCOUNTS: readonly DemoAccount[] = [
  account('anh.ntm', 'Nguyễn Thị Minh', 'Anh', 'chuyen_vien', 'Chuyên viên', DEPARTMENTS.cntt),
  account('bao.tq', 'Trần Quốc', 'Bảo', 'truong_phong', 'Trưởng phòng', DEPARTMENTS.cntt),
  account('cuong.lv', 'Lê Văn', 'Cường', 'pho_giam_doc', 'Phó Giám đốc', DEPARTMENTS.banGiamDoc),
  account('dung.pt', 'Phạm Thị', 'Dung', 'van_thu', 'Văn thư', DEPARTMENTS.vanPhong),
  account('duc.hm', 'Hoàng Minh', 'Đức', 'quan_tri', 'Quản trị hệ thống', DEPARTMENTS.cntt),
  account('nhung.vth', 'Võ Thị Hồng', 'Nhung', 'chuyen_vien', 'Chuyên viên', DEPARTMENTS.bcvt),
  account('hung.dv', 'Đặng Văn', 'Hùng', 'truong_phong', 'Trưởng phòng', DEPARTMENTS.bcvt),
  // A dedicated account whose "Benchmark" folder `seed --mail N` fills.
  account('kiemthu', 'Tài khoản', 'Kiểm thử', 'chuyen_vien', 'Chuyên viên', DEPARTMENTS.cntt),
];

export const BENCHMARK_ACCOUNT = 'kiemthu';
export const BENCHMARK_FOLDER = 'Benchmark';

/**
 * Roles that may write the agency's weekly schedule (lịch công tác): the office
 * proposes, leaders and department heads review (approve or return). Staff read.
 */
export const AGENCY_CALENDAR_WRITER_ROLES: readonly Role[] = ['van_thu', 'pho_giam_doc', 'truong_phong'];

export function agencyCalendarWriters(): string[] {
  return ACCOUNTS.filter((a) => AGENCY_CALENDAR_WRITER_ROLES.includes(a.role)).map((a) => a.username);
}

export function findAccount(usernameOrEmail: string): DemoAccount | undefined {
  const key = usernameOrEmail.toLowerCase();
  return ACCOUNTS.find((a) => a.username === key || a.email === key);
}

export function departments(): Department[] {
  const seen = new Map<string, Department>();
  for (const a of ACCOUNTS) seen.set(a.department.id, a.department);
  return [...seen.values()];
}

/** OIDC clients. Secrets are demo values: the stack listens on 127.0.0.1 only. */
export const CLIENTS = {
  desktop: 'govdesk-desktop',
  shortLived: 'govdesk-short-lived',
  resourceServer: { id: 'govdesk-resource-server', secret: 'govdesk-rs-demo-secret' },
} as const;

/** Access-token lifetime of the short-lived client, in seconds. */
export const SHORT_LIVED_TTL = 3;

export const AGENCY_CALENDAR = { owner: 'agency', id: 'lich-cong-tac', name: 'Lịch công tác của Sở' } as const;

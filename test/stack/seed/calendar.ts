/**
 * Calendar seed in Radicale's own storage format: a personal calendar and a
 * task list per account, and the agency's weekly schedule (lịch công tác).
 */
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNTS, AGENCY_CALENDAR, MEETINGS_BASE_URL, type DemoAccount } from '../accounts.ts';
import { TZID, hashSeed, icalDate, icalDocument, icalLocal, icalText, icalUtc, localTime, pick, rng, type Week } from './util.ts';
import { run } from '../proc.ts';

export const PERSONAL_CALENDAR = { id: 'lich-ca-nhan', name: 'Lịch cá nhân', color: '#1b5fa8' };
export const TASK_LIST = { id: 'cong-viec', name: 'Công việc', color: '#2e7d32' };

interface Collection {
  path: string;
  props: Record<string, string>;
  items: Map<string, string>;
}

const ONLINE = {
  jitsi: (room: string) => `${MEETINGS_BASE_URL}/${room}`,
  zoom: (id: string) => `https://zoom.us/j/${id}?pwd=SoDemo2025`,
  teams: (id: string) => `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id}%40thread.v2/0`,
};

interface EventSpec {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  location?: string;
  description?: string;
  categories?: string[];
  url?: string;
  rrule?: string;
  alarmMinutes?: number;
  organizer?: DemoAccount;
  attendees?: DemoAccount[];
  allDay?: boolean;
  transparent?: boolean;
  /** The agency schedule's columns, in the properties Govdesk reads (X-GOVDESK-*). */
  agency?: { chair: string; attendees: string; preparingUnit: string; review?: 'confirmed' | 'tentative'; proposer?: DemoAccount };
}

function vevent(e: EventSpec, stamp: Date): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${icalUtc(stamp)}`];
  if (e.allDay) {
    lines.push(`DTSTART;VALUE=DATE:${icalDate(e.start)}`, `DTEND;VALUE=DATE:${icalDate(e.end)}`);
  } else {
    lines.push(`DTSTART;TZID=${TZID}:${icalLocal(e.start)}`, `DTEND;TZID=${TZID}:${icalLocal(e.end)}`);
  }
  lines.push(`SUMMARY:${icalText(e.summary)}`);
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  if (e.location) lines.push(`LOCATION:${icalText(e.location)}`);
  const desc = [e.description, e.url ? `Tham gia trực tuyến: ${e.url}` : undefined].filter(Boolean).join('\n\n');
  if (desc) lines.push(`DESCRIPTION:${icalText(desc)}`);
  if (e.url) lines.push(`URL:${e.url}`, `CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=${icalText('Họp trực tuyến')}:${e.url}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(icalText).join(',')}`);
  if (e.organizer) lines.push(`ORGANIZER;CN=${icalText(e.organizer.name)}:mailto:${e.organizer.email}`);
  for (const a of e.attendees ?? []) lines.push(`ATTENDEE;CN=${icalText(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${a.email}`);
  if (e.transparent) lines.push('TRANSP:TRANSPARENT');
  if (e.agency) {
    if (e.agency.chair) lines.push(`X-GOVDESK-CHAIR:${icalText(e.agency.chair)}`);
    if (e.agency.attendees) lines.push(`X-GOVDESK-ATTENDEES:${icalText(e.agency.attendees)}`);
    if (e.agency.preparingUnit) lines.push(`X-GOVDESK-PREPARING-UNIT:${icalText(e.agency.preparingUnit)}`);
    lines.push(`X-GOVDESK-REVIEW:${e.agency.review ?? 'confirmed'}`);
    if (e.agency.proposer) lines.push(`X-GOVDESK-PROPOSER:mailto:${e.agency.proposer.email}`);
  }
  lines.push(`STATUS:${e.agency?.review === 'tentative' ? 'TENTATIVE' : 'CONFIRMED'}`, 'SEQUENCE:0');
  if (e.alarmMinutes !== undefined) {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${icalText(e.summary)}`, `TRIGGER:-PT${e.alarmMinutes}M`, 'END:VALARM');
  }
  lines.push('END:VEVENT');
  return lines;
}

interface TodoSpec {
  uid: string;
  summary: string;
  due: Date;
  priority: number;
  status: 'NEEDS-ACTION' | 'IN-PROCESS' | 'COMPLETED';
  description?: string;
  completed?: Date;
}

function vtodo(t: TodoSpec, stamp: Date): string[] {
  const lines = [
    'BEGIN:VTODO',
    `UID:${t.uid}`,
    `DTSTAMP:${icalUtc(stamp)}`,
    `CREATED:${icalUtc(new Date(stamp.getTime() - 3 * 86400_000))}`,
    `SUMMARY:${icalText(t.summary)}`,
    `DUE;TZID=${TZID}:${icalLocal(t.due)}`,
    `PRIORITY:${t.priority}`,
    `STATUS:${t.status}`,
  ];
  if (t.description) lines.push(`DESCRIPTION:${icalText(t.description)}`);
  if (t.status === 'COMPLETED') lines.push('PERCENT-COMPLETE:100', `COMPLETED:${icalUtc(t.completed ?? t.due)}`);
  if (t.status === 'IN-PROCESS') lines.push('PERCENT-COMPLETE:50');
  if (t.status !== 'COMPLETED') lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${icalText(t.summary)}`, 'TRIGGER;RELATED=END:-PT1H', 'END:VALARM');
  lines.push('END:VTODO');
  return lines;
}

const by = (role: DemoAccount['role']) => ACCOUNTS.filter((a) => a.role === role);
function leader(): DemoAccount {
  const a = by('pho_giam_doc')[0];
  if (!a) throw new Error('no deputy director');
  return a;
}

/** The agency's week: morning and afternoon sessions, online meetings, a recurring weekly briefing. */
/** The agency columns (chair, participants, preparing unit) from the description's labelled lines. */
function withAgencyFields(e: EventSpec): EventSpec {
  const line = (...labels: string[]) => {
    for (const l of (e.description ?? '').split('\n')) for (const label of labels) if (l.startsWith(`${label}: `)) return l.slice(label.length + 2);
    return '';
  };
  const prep = line('Chuẩn bị');
  return {
    ...e,
    agency: {
      chair: line('Chủ trì', 'Trưởng đoàn'),
      attendees: line('Thành phần', 'Thành viên'),
      preparingUnit: prep.replace(/ chuẩn bị.*$/, '').replace(/\.$/, ''),
      review: e.agency?.review ?? 'confirmed',
      proposer: e.agency?.proposer,
    },
  };
}

export function agencyEvents(week: Week): EventSpec[] {
  return agencyEventSpecs(week).map(withAgencyFields);
}

function agencyEventSpecs(week: Week): EventSpec[] {
  const pgd = leader();
  const heads = by('truong_phong');
  const clerk = by('van_thu')[0];
  const t = (day: number, hhmm: string) => localTime(week, day, hhmm);
  const uid = (key: string) => `${key}-${week.monday}@lich-cong-tac.so-demo.invalid`;
  const session = (h: string) => (Number(h.slice(0, 2)) < 12 ? 'Buổi sáng' : 'Buổi chiều');
  const ev = (day: number, from: string, to: string, key: string, summary: string, extra: Partial<EventSpec>): EventSpec => ({
    uid: uid(key),
    summary,
    start: t(day, from),
    end: t(day, to),
    categories: [session(from), 'Lịch công tác'],
    alarmMinutes: 30,
    organizer: clerk,
    ...extra,
  });
  return [
    {
      // Every Monday since eight weeks before this one.
      uid: 'giao-ban-tuan@lich-cong-tac.so-demo.invalid',
      summary: 'Giao ban tuần Ban Giám đốc Sở',
      start: localTime(week, -56, '07:30'),
      end: localTime(week, -56, '09:00'),
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      location: 'Phòng họp số 1, tầng 3',
      description: `Chủ trì: Giám đốc Sở\nThành phần: Ban Giám đốc, Trưởng các phòng, Chánh Văn phòng\nNội dung: Đánh giá kết quả tuần trước, triển khai nhiệm vụ tuần này.\nChuẩn bị: Văn phòng Sở`,
      url: ONLINE.jitsi('giao-ban-tuan'),
      categories: ['Buổi sáng', 'Lịch công tác', 'Giao ban'],
      alarmMinutes: 15,
      organizer: clerk,
      attendees: [pgd, ...heads],
    },
    ev(0, '09:30', '11:00', 'mon-am', 'Họp Ban chỉ đạo chuyển đổi số tỉnh (trực tuyến)', {
      location: 'Phòng họp trực tuyến, tầng 2',
      description: `Chủ trì: Phó Chủ tịch UBND tỉnh\nThành phần: ${pgd.name} (Phó Giám đốc Sở), Trưởng phòng CNTT\nChuẩn bị: Phòng CNTT chuẩn bị báo cáo tiến độ.`,
      url: ONLINE.zoom('84512377309'),
      attendees: [pgd],
    }),
    ev(0, '14:00', '16:30', 'mon-pm', 'Làm việc với Viettel Demo về hạ tầng 5G và trạm BTS', {
      location: 'Phòng họp số 2',
      description: `Chủ trì: ${pgd.name}, Phó Giám đốc Sở\nThành phần: Phòng Bưu chính, Viễn thông; đại diện Viettel Demo\nChuẩn bị: Phòng Bưu chính, Viễn thông`,
      attendees: [pgd, ...heads.filter((h) => h.department.id === 'phong-bcvt')],
    }),
    ev(1, '08:00', '11:30', 'tue-am', 'Dự họp UBND tỉnh về triển khai Đề án 06', {
      location: 'Hội trường UBND tỉnh',
      description: `Thành phần: ${pgd.name}, Phó Giám đốc Sở\nLái xe: Đ/c Quang\nChuẩn bị: Văn phòng Sở`,
      attendees: [pgd],
    }),
    ev(1, '14:00', '16:00', 'tue-pm', 'Hội nghị trực tuyến toàn quốc về an toàn thông tin mạng', {
      location: 'Điểm cầu Sở, phòng họp trực tuyến',
      description: 'Chủ trì: Bộ Thông tin và Truyền thông\nThành phần: Ban Giám đốc, Phòng CNTT\nChuẩn bị: Phòng CNTT chuẩn bị kỹ thuật điểm cầu.',
      url: ONLINE.teams('NzRmYTI4ZDQtNDM1'),
    }),
    ev(2, '07:30', '11:30', 'wed-am', 'Kiểm tra công tác bảo đảm an toàn thông tin tại UBND huyện Sơn Hà', {
      location: 'UBND huyện Sơn Hà',
      description: `Trưởng đoàn: ${pgd.name}\nThành viên: Phòng CNTT\nChuẩn bị: Phòng CNTT`,
      attendees: [pgd, ...heads.filter((h) => h.department.id === 'phong-cntt')],
    }),
    ev(2, '14:00', '17:00', 'wed-pm', 'Tiếp công dân định kỳ', { location: 'Phòng tiếp công dân, tầng 1', description: 'Chủ trì: Giám đốc Sở\nThành phần: Thanh tra Sở, Văn phòng Sở\nChuẩn bị: Thanh tra Sở' }),
    ev(3, '08:00', '10:00', 'thu-am', 'Họp Hội đồng thẩm định dự án Trung tâm điều hành thông minh (IOC) giai đoạn 2', {
      location: 'Phòng họp số 1, tầng 3',
      description: `Chủ trì: ${pgd.name}\nThành phần: Thành viên Hội đồng thẩm định\nChuẩn bị: Phòng CNTT`,
      url: ONLINE.jitsi('tham-dinh-ioc'),
      attendees: [pgd, ...heads],
    }),
    ev(3, '14:00', '15:30', 'thu-pm', 'Rà soát, thống nhất lịch công tác tuần sau', { location: 'Văn phòng Sở', description: 'Chủ trì: Chánh Văn phòng\nThành phần: Văn thư, thư ký Ban Giám đốc\nChuẩn bị: Văn phòng Sở' }),
    ev(4, '08:00', '11:00', 'fri-am', 'Hội thảo "Chuyển đổi số doanh nghiệp nhỏ và vừa"', {
      location: 'Trung tâm Hội nghị tỉnh',
      description: 'Chủ trì: Giám đốc Sở\nThành phần: Phòng CNTT, Hiệp hội doanh nghiệp tỉnh\nChuẩn bị: Phòng CNTT',
      url: ONLINE.zoom('91830422751'),
    }),
    ev(4, '15:00', '17:00', 'fri-pm', 'Sinh hoạt chi bộ định kỳ', { location: 'Phòng họp số 2', description: 'Thành phần: Toàn thể đảng viên chi bộ\nChuẩn bị: Văn phòng Sở' }),
    ev(3, '16:00', '17:00', 'thu-late', 'Làm việc với VNPT Demo về nền tảng họp trực tuyến của tỉnh', {
      location: 'Phòng họp số 2',
      description: `Chủ trì: ${pgd.name}, Phó Giám đốc Sở\nThành phần: Phòng CNTT; đại diện VNPT Demo\nChuẩn bị: Phòng CNTT`,
      agency: { chair: '', attendees: '', preparingUnit: '', review: 'tentative', proposer: clerk },
    }),
    {
      uid: uid('sat-duty'),
      summary: 'Trực an toàn thông tin cuối tuần',
      start: t(5, '00:00'),
      end: t(7, '00:00'),
      allDay: true,
      transparent: true,
      description: 'Phòng CNTT phân công trực; số điện thoại trực: 0236.3000.115\nChuẩn bị: Phòng CNTT',
      categories: ['Lịch công tác', 'Trực'],
    },
  ];
}

const PERSONAL_POOL: readonly { summary: string; minutes: number; location?: string; online?: boolean }[] = [
  { summary: 'Họp nhóm triển khai Hệ thống quản lý văn bản', minutes: 60, location: 'Phòng họp nhỏ, tầng 4', online: true },
  { summary: 'Soạn báo cáo tuần gửi Trưởng phòng', minutes: 90 },
  { summary: 'Làm việc với nhà thầu về hợp đồng bảo trì máy chủ', minutes: 90, location: 'Phòng họp số 2' },
  { summary: 'Tập huấn kỹ năng số cho cán bộ cấp xã', minutes: 180, location: 'Trường Chính trị tỉnh', online: true },
  { summary: 'Góp ý dự thảo Quy chế an toàn thông tin', minutes: 60 },
  { summary: 'Kiểm tra sao lưu dữ liệu Trung tâm dữ liệu', minutes: 45, location: 'Trung tâm dữ liệu tỉnh' },
  { summary: 'Trao đổi với Sở Tài chính về dự toán kinh phí', minutes: 60, online: true },
  { summary: 'Khám sức khỏe định kỳ', minutes: 120, location: 'Bệnh viện Đa khoa tỉnh' },
];

function personalEvents(a: DemoAccount, week: Week): EventSpec[] {
  const r = rng(hashSeed(`personal:${a.username}:${week.monday}`));
  const uid = (k: string) => `${k}-${week.monday}-${a.username}@so-demo.invalid`;
  const out: EventSpec[] = [];
  const slots = ['08:00', '09:30', '14:00', '15:30'];
  for (let day = 0; day < 5; day++) {
    if (r() < 0.35) continue;
    const p = pick(r, PERSONAL_POOL);
    const start = localTime(week, day, pick(r, slots));
    out.push({
      uid: uid(`ev${day}`),
      summary: p.summary,
      start,
      end: new Date(start.getTime() + p.minutes * 60_000),
      location: p.location,
      url: p.online ? `${MEETINGS_BASE_URL}/${a.department.id}-${day}` : undefined,
      alarmMinutes: 15,
      categories: ['Công việc'],
    });
  }
  out.push({
    uid: `kiem-tra-thu-${a.username}@so-demo.invalid`,
    summary: 'Xử lý thư và văn bản đến',
    start: localTime(week, -14, '07:30'),
    end: localTime(week, -14, '08:00'),
    rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    alarmMinutes: 5,
    categories: ['Việc thường xuyên'],
  });
  if (a.role === 'chuyen_vien') {
    out.push({ uid: uid('nghi-phep'), summary: 'Nghỉ phép (buổi chiều thứ Sáu)', start: localTime(week, 4, '13:30'), end: localTime(week, 4, '17:00'), categories: ['Cá nhân'] });
  }
  out.push({
    uid: uid('sinh-nhat'),
    summary: 'Sinh nhật đồng nghiệp phòng',
    start: localTime(week, 3, '00:00'),
    end: localTime(week, 4, '00:00'),
    allDay: true,
    transparent: true,
    categories: ['Cá nhân'],
  });
  return out;
}

const TASK_POOL: readonly { summary: string; description: string }[] = [
  { summary: 'Hoàn thiện báo cáo kết quả chuyển đổi số quý', description: 'Tổng hợp số liệu từ các huyện, gửi Văn phòng trước hạn.' },
  { summary: 'Trả lời Công văn số 1234/UBND-KT', description: 'Dự thảo văn bản trả lời, trình lãnh đạo phòng duyệt.' },
  { summary: 'Cập nhật danh sách chứng thư số chuyên dùng', description: 'Đối chiếu danh sách cán bộ mới được cấp chứng thư số.' },
  { summary: 'Rà soát thủ tục hành chính mức độ toàn trình', description: 'Kiểm tra 12 thủ tục trên Cổng dịch vụ công.' },
  { summary: 'Chuẩn bị nội dung giao ban tuần', description: 'Tóm tắt kết quả tuần, đề xuất nhiệm vụ tuần tới.' },
  { summary: 'Gửi kế hoạch kiểm tra ATTT cho các đơn vị', description: 'Kèm mẫu phiếu tự đánh giá.' },
  { summary: 'Nộp hồ sơ thanh toán công tác phí', description: 'Kèm giấy đi đường và hóa đơn.' },
];

function tasks(a: DemoAccount, week: Week): TodoSpec[] {
  const r = rng(hashSeed(`tasks:${a.username}:${week.monday}`));
  const out: TodoSpec[] = [];
  const n = 4 + Math.floor(r() * 3);
  const used = new Set<number>();
  for (let i = 0; i < n; i++) {
    let k = Math.floor(r() * TASK_POOL.length);
    while (used.has(k)) k = (k + 1) % TASK_POOL.length;
    used.add(k);
    const spec = TASK_POOL[k];
    if (!spec) continue;
    const day = -2 + Math.floor(r() * 9);
    const due = localTime(week, day, pick(r, ['10:00', '11:30', '16:00', '17:00']));
    const status = day < 0 ? (r() < 0.7 ? 'COMPLETED' : 'NEEDS-ACTION') : r() < 0.3 ? 'IN-PROCESS' : 'NEEDS-ACTION';
    out.push({ uid: `task-${k}-${week.monday}-${a.username}@so-demo.invalid`, summary: spec.summary, description: spec.description, due, priority: pick(r, [1, 5, 5, 9]), status });
  }
  return out;
}

export function calendarCollections(week: Week): Collection[] {
  const stamp = localTime(week, -3, '08:00');
  const cols: Collection[] = [];
  for (const a of ACCOUNTS) {
    const cal: Collection = {
      path: `${a.username}/${PERSONAL_CALENDAR.id}`,
      props: { tag: 'VCALENDAR', 'D:displayname': PERSONAL_CALENDAR.name, 'ICAL:calendar-color': PERSONAL_CALENDAR.color, 'C:supported-calendar-component-set': 'VEVENT' },
      items: new Map(),
    };
    for (const e of personalEvents(a, week)) cal.items.set(`${e.uid.split('@')[0]}.ics`, icalDocument([vevent(e, stamp)]));
    const todo: Collection = {
      path: `${a.username}/${TASK_LIST.id}`,
      props: { tag: 'VCALENDAR', 'D:displayname': TASK_LIST.name, 'ICAL:calendar-color': TASK_LIST.color, 'C:supported-calendar-component-set': 'VTODO' },
      items: new Map(),
    };
    for (const t of tasks(a, week)) todo.items.set(`${t.uid.split('@')[0]}.ics`, icalDocument([vtodo(t, stamp)]));
    cols.push(cal, todo);
  }
  const agency: Collection = {
    path: `${AGENCY_CALENDAR.owner}/${AGENCY_CALENDAR.id}`,
    props: {
      tag: 'VCALENDAR',
      'D:displayname': AGENCY_CALENDAR.name,
      'ICAL:calendar-color': '#a3161a',
      'C:supported-calendar-component-set': 'VEVENT',
      'C:calendar-description': 'Lịch công tác tuần của Ban Giám đốc Sở (Văn phòng Sở cập nhật)',
    },
    items: new Map(),
  };
  for (const e of agencyEvents(week)) agency.items.set(`${e.uid.split('@')[0]}.ics`, icalDocument([vevent(e, stamp)]));
  cols.push(agency);
  return cols;
}

/** Rewrites every seeded collection (other collections a user made are left alone). */
export function writeCalendars(collectionsDir: string, week: Week): number {
  const root = path.join(collectionsDir, 'collection-root');
  let n = 0;
  for (const c of calendarCollections(week)) {
    const dir = path.join(root, ...c.path.split('/'));
    const tmp = `${dir}.seed-tmp`;
    rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(path.join(tmp, '.Radicale.props'), JSON.stringify(c.props));
    for (const [name, body] of c.items) {
      writeFileSync(path.join(tmp, name), body);
      n++;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    mkdirSync(path.dirname(dir), { recursive: true });
    renameSync(tmp, dir);
  }
  // Radicale runs inside Apache as www-data: its storage is that user's alone.
  run('chown', ['-R', '33:33', collectionsDir]);
  chmodSync(collectionsDir, 0o700);
  return n;
}

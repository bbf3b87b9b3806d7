/**
 * The document seed: a realistic month of the agency's documents, made by
 * running the service's own actions on a clock set back in time, so every
 * trace, number, status and opinion is one the service itself would write.
 * Deterministic: the same "today" gives the same documents, ids and PDFs.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ActionRequestSchema, CreateRequestSchema, type ActionRequest, type ApiDocument } from '../../../electron/core/documents/api.ts';
import { documentIdOf, priorityOfUrgency, vietnamLocal } from '../../../electron/core/documents/edxml/codes.ts';
import type { EdxmlDocument } from '../../../electron/core/documents/edxml/types.ts';
import { writeDocumentPackage } from '../../../electron/core/documents/edxml/write.ts';
import { BENCHMARK_ACCOUNT } from '../accounts.ts';
import type { StackPaths } from '../config.ts';
import type { Week } from '../seed/util.ts';
import { Blobs } from './blobs.ts';
import { applyAction, create, receivePackage, typeCodeOf, type Ctx } from './domain.ts';
import { AGENCY, EXTERNAL, findPerson, type Person } from './org.ts';
import { makeDocumentPdf } from './pdf.ts';
import { VN_OFFSET_MS, isWorkingDay, vnIso } from './rules.ts';
import { Store } from './store.ts';

type Ext = keyof typeof EXTERNAL;
type ActionBody = ActionRequest extends infer T ? (T extends unknown ? Omit<T, 'actionId'> : never) : never;
type Stage = 'arrived' | 'registered' | 'submitted' | 'assigned' | 'in_progress' | 'finished' | 'rejected';

interface Incoming {
  from: Ext;
  typeName: string;
  notation: string;
  subject: string;
  body: string[];
  urgency?: ApiDocument['urgency'];
  confidentiality?: ApiDocument['confidentiality'];
  /** Working days before today it arrived. */
  ago: number;
  /** Days after arrival it is due (none: no deadline). */
  dueIn?: number;
  stage: Stage;
  lead?: { kind: 'unit' | 'person'; id: string };
  coworkers?: { kind: 'unit' | 'person'; id: string }[];
  info?: { kind: 'unit' | 'person'; id: string }[];
  specialist?: string;
}

const PARENT: Record<Ext, string> = {
  ubnd: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
  vpubnd: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
  bo: 'BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
  taichinh: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
  noivu: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
  khdt: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
  congan: 'BỘ CÔNG AN',
};

const SIGNERS: Record<Ext, { competence: string; position: string; fullName: string }> = {
  ubnd: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Nguyễn Văn Phong' },
  vpubnd: { competence: 'KT. CHÁNH VĂN PHÒNG', position: 'Phó Chánh Văn phòng', fullName: 'Trần Thị Hạnh' },
  bo: { competence: 'KT. BỘ TRƯỞNG', position: 'Thứ trưởng', fullName: 'Phạm Đức Long' },
  taichinh: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lê Minh Tuấn' },
  noivu: { competence: 'GIÁM ĐỐC', position: 'Giám đốc', fullName: 'Đỗ Thị Thu Hà' },
  khdt: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Võ Quang Vinh' },
  congan: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Hồ Sỹ Thắng' },
};

const CNTT = { kind: 'unit' as const, id: 'phong-cntt' };
const BCVT = { kind: 'unit' as const, id: 'phong-bcvt' };
const VP = { kind: 'unit' as const, id: 'van-phong' };

const INCOMING: Incoming[] = [
  { from: 'ubnd', typeName: 'Kế hoạch', notation: 'KH-UBND', subject: 'Kế hoạch chuyển đổi số tỉnh Demo năm 2026', body: ['Thực hiện Chương trình chuyển đổi số quốc gia, Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2026 với các nhiệm vụ trọng tâm về chính quyền số, kinh tế số và xã hội số.', 'Giao Sở Thông tin và Truyền thông chủ trì, theo dõi, đôn đốc và tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 hằng tháng.'], ago: 21, dueIn: 14, stage: 'finished', lead: CNTT, coworkers: [BCVT], specialist: 'anh.ntm' },
  { from: 'bo', typeName: 'Công văn', notation: 'BTTTT-CATTT', subject: 'V/v tăng cường bảo đảm an toàn thông tin mạng dịp cuối năm', body: ['Trước tình hình tấn công mạng có chiều hướng gia tăng, Bộ Thông tin và Truyền thông đề nghị các Sở rà soát, khắc phục ngay các điểm yếu, lỗ hổng trên hệ thống thông tin thuộc phạm vi quản lý.', 'Kết quả gửi về Cục An toàn thông tin trước thời hạn nêu trên.'], urgency: 'khan', ago: 15, dueIn: 7, stage: 'in_progress', lead: CNTT, specialist: 'anh.ntm' },
  { from: 'taichinh', typeName: 'Công văn', notation: 'STC-HCSN', subject: 'V/v thẩm định dự toán mua sắm thiết bị công nghệ thông tin năm 2026', body: ['Sở Tài chính nhận được hồ sơ đề nghị thẩm định dự toán mua sắm thiết bị của Sở Thông tin và Truyền thông.', 'Đề nghị Quý Sở bổ sung báo giá của ít nhất ba nhà cung cấp và thuyết minh cấu hình thiết bị.'], ago: 12, dueIn: 5, stage: 'in_progress', lead: CNTT, coworkers: [VP], specialist: 'kiemthu' },
  { from: 'vpubnd', typeName: 'Giấy mời', notation: 'GM-VP', subject: 'Mời dự họp trực tuyến sơ kết công tác cải cách hành chính', body: ['Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời lãnh đạo Sở dự cuộc họp trực tuyến sơ kết công tác cải cách hành chính.', 'Thời gian: 14 giờ 00 ngày làm việc thứ ba kể từ ngày phát hành giấy mời, tại điểm cầu của Sở.'], urgency: 'thuong_khan', ago: 3, dueIn: 3, stage: 'assigned', lead: { kind: 'person', id: 'cuong.lv' }, info: [VP] },
  { from: 'noivu', typeName: 'Công văn', notation: 'SNV-CCVC', subject: 'V/v báo cáo số lượng, chất lượng cán bộ, công chức năm 2026', body: ['Để tổng hợp báo cáo Bộ Nội vụ, Sở Nội vụ đề nghị các cơ quan báo cáo số lượng, chất lượng cán bộ, công chức, viên chức theo biểu mẫu kèm theo.'], ago: 18, dueIn: 10, stage: 'finished', lead: { kind: 'person', id: 'dung.pt' }, info: [CNTT, BCVT] },
  { from: 'khdt', typeName: 'Công văn', notation: 'SKHĐT-TH', subject: 'V/v đăng ký danh mục dự án đầu tư công trung hạn giai đoạn 2026-2030', body: ['Sở Kế hoạch và Đầu tư đề nghị các Sở, ngành rà soát, đăng ký danh mục dự án đầu tư công trung hạn trong lĩnh vực quản lý.'], ago: 10, dueIn: 7, stage: 'in_progress', lead: BCVT, coworkers: [CNTT], specialist: 'nhung.vth' },
  { from: 'ubnd', typeName: 'Quyết định', notation: 'QĐ-UBND', subject: 'Quyết định phê duyệt danh mục dịch vụ công trực tuyến toàn trình năm 2026', body: ['Điều 1. Phê duyệt danh mục dịch vụ công trực tuyến toàn trình cung cấp trên Cổng dịch vụ công của tỉnh.', 'Điều 2. Sở Thông tin và Truyền thông hướng dẫn, kiểm tra việc tích hợp các dịch vụ công trực tuyến.', 'Điều 3. Quyết định này có hiệu lực kể từ ngày ký.'], ago: 8, stage: 'assigned', lead: CNTT, info: [BCVT, VP] },
  { from: 'bo', typeName: 'Công văn', notation: 'BTTTT-BC', subject: 'V/v báo cáo tình hình phát triển hạ tầng bưu chính năm 2026', body: ['Bộ Thông tin và Truyền thông đề nghị Sở báo cáo tình hình phát triển mạng bưu chính công cộng trên địa bàn tỉnh theo đề cương gửi kèm.'], ago: 25, dueIn: 12, stage: 'in_progress', lead: BCVT, specialist: 'nhung.vth' },
  { from: 'congan', typeName: 'Công văn', notation: 'CAT-PA05', subject: 'V/v phối hợp xử lý tin nhắn rác, cuộc gọi lừa đảo', body: ['Công an tỉnh đề nghị Sở Thông tin và Truyền thông phối hợp với các doanh nghiệp viễn thông ngăn chặn tin nhắn rác, cuộc gọi lừa đảo trên địa bàn tỉnh.'], confidentiality: 'mat', ago: 6, dueIn: 10, stage: 'assigned', lead: { kind: 'person', id: 'hung.dv' } },
  { from: 'ubnd', typeName: 'Công văn', notation: 'UBND-NC', subject: 'V/v rà soát phương án bảo đảm an ninh hệ thống thông tin cấp độ 3', body: ['Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông rà soát phương án bảo đảm an ninh các hệ thống thông tin cấp độ 3 của tỉnh.'], confidentiality: 'mat', urgency: 'khan', ago: 9, dueIn: 6, stage: 'in_progress', lead: { kind: 'person', id: 'bao.tq' } },
  { from: 'taichinh', typeName: 'Báo cáo', notation: 'BC-STC', subject: 'Báo cáo tình hình thực hiện dự toán ngân sách 11 tháng', body: ['Sở Tài chính báo cáo tình hình thực hiện dự toán ngân sách nhà nước 11 tháng và ước thực hiện cả năm.'], ago: 4, stage: 'finished', lead: { kind: 'person', id: 'cuong.lv' } },
  { from: 'vpubnd', typeName: 'Thông báo', notation: 'TB-VP', subject: 'Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Thông tin và Truyền thông', body: ['Văn phòng Ủy ban nhân dân tỉnh thông báo kết luận của đồng chí Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở.'], ago: 14, dueIn: 20, stage: 'assigned', lead: CNTT, coworkers: [BCVT, VP] },
  { from: 'khdt', typeName: 'Giấy mời', notation: 'GM-SKHĐT', subject: 'Mời dự hội nghị xúc tiến đầu tư lĩnh vực công nghệ số', body: ['Sở Kế hoạch và Đầu tư trân trọng kính mời đại diện lãnh đạo Sở dự hội nghị xúc tiến đầu tư lĩnh vực công nghệ số.'], ago: 2, stage: 'submitted' },
  { from: 'bo', typeName: 'Công văn', notation: 'BTTTT-KHTC', subject: 'V/v hướng dẫn xây dựng kế hoạch ứng dụng công nghệ thông tin năm 2027', body: ['Bộ Thông tin và Truyền thông hướng dẫn các địa phương xây dựng kế hoạch ứng dụng công nghệ thông tin, phát triển chính quyền số năm 2027.'], ago: 1, dueIn: 20, stage: 'registered' },
  { from: 'ubnd', typeName: 'Công văn', notation: 'UBND-VX', subject: 'V/v triển khai nền tảng trợ lý ảo phục vụ cán bộ, công chức', body: ['Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông nghiên cứu, đề xuất triển khai nền tảng trợ lý ảo phục vụ cán bộ, công chức.'], urgency: 'hoa_toc', ago: 0, dueIn: 2, stage: 'arrived' },
  { from: 'noivu', typeName: 'Công văn', notation: 'SNV-TĐKT', subject: 'V/v hướng dẫn công tác thi đua, khen thưởng năm 2026', body: ['Sở Nội vụ hướng dẫn công tác bình xét thi đua, khen thưởng năm 2026 đối với tập thể, cá nhân.'], ago: 0, dueIn: 15, stage: 'arrived' },
  { from: 'taichinh', typeName: 'Công văn', notation: 'STC-QLG', subject: 'V/v cung cấp thông tin giá dịch vụ viễn thông', body: ['Sở Tài chính đề nghị cung cấp thông tin giá dịch vụ viễn thông trên địa bàn phục vụ công tác quản lý giá.'], ago: 1, stage: 'arrived' },
  { from: 'khdt', typeName: 'Công văn', notation: 'SKHĐT-ĐKKD', subject: 'V/v gửi nhầm hồ sơ đăng ký doanh nghiệp', body: ['Sở Kế hoạch và Đầu tư gửi hồ sơ đăng ký doanh nghiệp để phối hợp xác minh.'], ago: 7, stage: 'rejected' },
  { from: 'vpubnd', typeName: 'Công văn', notation: 'VP-KSTT', subject: 'V/v đôn đốc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', body: ['Văn phòng Ủy ban nhân dân tỉnh đôn đốc các cơ quan đẩy nhanh tiến độ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.'], urgency: 'khan', ago: 20, dueIn: 8, stage: 'in_progress', lead: CNTT, specialist: 'kiemthu' },
  { from: 'bo', typeName: 'Tờ trình', notation: 'TTr-BTTTT', subject: 'Tờ trình về dự thảo Thông tư quy định kỹ thuật về dữ liệu', body: ['Bộ Thông tin và Truyền thông gửi dự thảo Thông tư để lấy ý kiến các địa phương.'], ago: 11, dueIn: 10, stage: 'finished', lead: CNTT, specialist: 'anh.ntm' },
];

interface Outgoing {
  drafter: string;
  typeName: string;
  notation: string;
  subject: string;
  body: string[];
  ago: number;
  stage: 'draft' | 'in_review' | 'returned' | 'approved' | 'issued' | 'sent';
  reviewer?: string;
  recipients: { kind: 'unit' | 'person' | 'organization'; id: string; name?: string; role: 'lead' | 'co' | 'info' }[];
  confidentiality?: ApiDocument['confidentiality'];
  urgency?: ApiDocument['urgency'];
}

const OUTGOING: Outgoing[] = [
  { drafter: 'anh.ntm', typeName: 'Báo cáo', notation: 'BC-STTTT', subject: 'Báo cáo kết quả thực hiện Kế hoạch chuyển đổi số tháng 11', body: ['Sở Thông tin và Truyền thông báo cáo kết quả thực hiện các nhiệm vụ chuyển đổi số trong tháng.'], ago: 16, stage: 'sent', reviewer: 'cuong.lv', recipients: [{ kind: 'organization', id: EXTERNAL.ubnd.organId, name: EXTERNAL.ubnd.name, role: 'lead' }] },
  { drafter: 'bao.tq', typeName: 'Giấy mời', notation: 'GM-STTTT', subject: 'Mời dự họp giao ban công tác chuyển đổi số', body: ['Sở Thông tin và Truyền thông trân trọng kính mời các phòng dự họp giao ban công tác chuyển đổi số.'], ago: 9, stage: 'sent', reviewer: 'cuong.lv', recipients: [{ kind: 'unit', id: 'phong-bcvt', role: 'lead' }, { kind: 'unit', id: 'van-phong', role: 'info' }] },
  { drafter: 'nhung.vth', typeName: 'Công văn', notation: 'STTTT-BCVT', subject: 'V/v đề nghị doanh nghiệp viễn thông báo cáo chất lượng dịch vụ', body: ['Sở Thông tin và Truyền thông đề nghị các doanh nghiệp viễn thông báo cáo chất lượng dịch vụ quý IV.'], ago: 5, stage: 'issued', reviewer: 'cuong.lv', recipients: [{ kind: 'organization', id: '0100109106', name: 'Tập đoàn Bưu chính Viễn thông Việt Nam', role: 'lead' }] },
  { drafter: 'anh.ntm', typeName: 'Tờ trình', notation: 'TTr-STTTT', subject: 'Tờ trình phê duyệt Đề án nền tảng trợ lý ảo cho cán bộ, công chức', body: ['Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt Đề án.'], ago: 3, stage: 'in_review', reviewer: 'bao.tq', recipients: [{ kind: 'organization', id: EXTERNAL.ubnd.organId, name: EXTERNAL.ubnd.name, role: 'lead' }] },
  { drafter: 'nhung.vth', typeName: 'Kế hoạch', notation: 'KH-STTTT', subject: 'Kế hoạch kiểm tra hoạt động bưu chính năm 2027', body: ['Sở xây dựng Kế hoạch kiểm tra hoạt động bưu chính trên địa bàn tỉnh năm 2027.'], ago: 4, stage: 'returned', reviewer: 'hung.dv', recipients: [{ kind: 'unit', id: 'phong-bcvt', role: 'lead' }] },
  { drafter: 'anh.ntm', typeName: 'Công văn', notation: 'STTTT-CNTT', subject: 'V/v góp ý dự thảo Thông tư quy định kỹ thuật về dữ liệu', body: ['Sở Thông tin và Truyền thông góp ý dự thảo Thông tư như sau.'], ago: 1, stage: 'draft', recipients: [{ kind: 'organization', id: EXTERNAL.bo.organId, name: EXTERNAL.bo.name, role: 'lead' }] },
  { drafter: 'bao.tq', typeName: 'Quyết định', notation: 'QĐ-STTTT', subject: 'Quyết định ban hành Quy chế bảo đảm an toàn thông tin mạng của Sở', body: ['Điều 1. Ban hành kèm theo Quyết định này Quy chế bảo đảm an toàn thông tin mạng.', 'Điều 2. Quyết định có hiệu lực kể từ ngày ký.'], ago: 2, stage: 'approved', reviewer: 'cuong.lv', recipients: [{ kind: 'unit', id: 'phong-cntt', role: 'lead' }, { kind: 'unit', id: 'phong-bcvt', role: 'info' }] },
  { drafter: 'hung.dv', typeName: 'Công văn', notation: 'STTTT-BCVT', subject: 'V/v phối hợp ngăn chặn tin nhắn rác', body: ['Phúc đáp Công văn của Công an tỉnh, Sở Thông tin và Truyền thông đề xuất phương án phối hợp.'], ago: 1, stage: 'in_review', reviewer: 'cuong.lv', confidentiality: 'mat', recipients: [{ kind: 'organization', id: EXTERNAL.congan.organId, name: EXTERNAL.congan.name, role: 'lead' }] },
];

/** UUID-shaped ids from a counter: the same seed gives the same ids. */
function idMaker(salt: string): () => string {
  let n = 0;
  return () => {
    const h = createHash('sha256').update(`${salt}:${n++}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

/** The instant of hh:mm Vietnam time `workingDaysAgo` working days before `today`. */
function at(today: string, workingDaysAgo: number, hhmm: string, plusDays = 0): Date {
  let d = today;
  let left = workingDaysAgo;
  while (left > 0 || !isWorkingDay(d)) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);
    if (isWorkingDay(d)) left -= 1;
  }
  for (let i = 0; i < plusDays; i++) {
    do d = new Date(Date.parse(`${d}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    while (!isWorkingDay(d));
  }
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.parse(`${d}T00:00:00Z`) + ((h ?? 8) * 60 + (m ?? 0)) * 60_000 - VN_OFFSET_MS);
}

function vnDate(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

function placeDate(instant: Date): string {
  const [y, m, d] = vnDate(instant).split('-');
  return `${AGENCY.place}, ngày ${d} tháng ${m} năm ${y}`;
}

function who(username: string): Person {
  const p = findPerson(username);
  if (!p) throw new Error(`seed: no person ${username}`);
  return p;
}

export interface DocumentSeedResult {
  documents: number;
}

/** A realistic month before `week.today`: replaces every document of the service. */
export async function seedDocuments(p: StackPaths, week: Week): Promise<DocumentSeedResult> {
  const today = week.today;
  const store = new Store(p.documents);
  const blobs = new Blobs(path.join(p.documents, 'blobs'));
  let clock = at(today, 22, '07:30');
  const ctx: Ctx = { store, blobs, now: () => clock, newId: idMaker(`govdesk-documents:${today}`), out: [] };
  const actionIds = idMaker(`govdesk-documents-actions:${today}`);
  // Every seeded action passes the same schema as a request to the service.
  const act = (username: string, id: string, body: ActionBody, when: Date) => {
    clock = when;
    return applyAction(ctx, who(username), id, ActionRequestSchema.parse({ actionId: actionIds(), ...body }));
  };

  // PDFs first (pdfkit is asynchronous); the domain then runs in one transaction.
  const incomingPdfs = await Promise.all(
    INCOMING.map((s, i) => {
      const arrived = at(today, s.ago, '08:00');
      const issuedAt = new Date(arrived.getTime() - 86400_000);
      return makeDocumentPdf({
        parentAgency: PARENT[s.from],
        agency: EXTERNAL[s.from].name,
        numberLine: `Số: ${seedNumber(i, s)}/${s.notation}`,
        placeDate: placeDate(issuedAt),
        typeName: s.typeName,
        subject: s.subject,
        paragraphs: s.body,
        signer: SIGNERS[s.from],
        recipients: [AGENCY.name, 'Lưu: VT'],
        mark: s.confidentiality === 'mat' ? 'MẬT' : s.urgency && s.urgency !== 'thuong' ? { khan: 'KHẨN', thuong_khan: 'THƯỢNG KHẨN', hoa_toc: 'HỎA TỐC' }[s.urgency] : undefined,
        createdAt: issuedAt,
      });
    }),
  );
  const outgoingPdfs = await Promise.all(
    OUTGOING.map((s) =>
      makeDocumentPdf({
        parentAgency: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
        agency: AGENCY.name,
        numberLine: `Số:      /${s.notation}`,
        placeDate: placeDate(at(today, s.ago, '08:00')),
        typeName: s.typeName,
        subject: s.subject,
        paragraphs: s.body,
        signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Lê Văn Cường' },
        recipients: s.recipients.map((r) => r.name ?? r.id),
        mark: s.confidentiality === 'mat' ? 'MẬT' : undefined,
        createdAt: at(today, s.ago, '08:00'),
      }),
    ),
  );

  store.tx(() => {
    store.wipe();
    // Earlier documents of the year took the numbers before this month: the registers go on from there.
    const dayOfYear = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${today.slice(0, 4)}-01-01T00:00:00Z`)) / 86400_000);
    const year = Number(today.slice(0, 4));
    const monthStart = Math.max(0, dayOfYear - 31);
    store.db.prepare('INSERT INTO registers(register, year, last) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)').run(
      'den', year, Math.floor(monthStart * 4.1), 'den-mat', year, Math.floor(monthStart / 20), 'di', year, Math.floor(monthStart * 1.3), 'di-mat', year, Math.floor(monthStart / 40),
    );

    // In order of arrival, so that numbers follow dates.
    const order = INCOMING.map((s, i) => ({ s, i })).sort((a, b) => b.s.ago - a.s.ago || a.i - b.i);
    for (const { s, i } of order) seedIncoming(s, i, incomingPdfs[i]!);
    const outOrder = OUTGOING.map((s, i) => ({ s, i })).sort((a, b) => b.s.ago - a.s.ago || a.i - b.i);
    for (const { s, i } of outOrder) seedOutgoing(s, outgoingPdfs[i]!);
  });
  store.close();
  return { documents: INCOMING.length + OUTGOING.length + OUTGOING.filter((o) => o.stage === 'sent' && o.recipients.some((r) => r.kind !== 'organization')).length };

  function seedNumber(i: number, s: Incoming): string {
    return String(100 + ((i * 7919 + s.notation.length * 31) % 4800));
  }

  function seedIncoming(s: Incoming, i: number, pdf: Buffer): void {
    const arrived = at(today, s.ago, `${String(7 + (i % 3)).padStart(2, '0')}:${String(10 + ((i * 13) % 45)).padStart(2, '0')}`);
    const issued = new Date(arrived.getTime() - 86400_000);
    const from = EXTERNAL[s.from];
    const number = seedNumber(i, s);
    const date = vnDate(issued);
    const due = s.dueIn !== undefined ? vnDate(at(today, s.ago, '08:00', s.dueIn)) : undefined;
    const edxml: EdxmlDocument = {
      from: { organId: from.organId, organName: from.name, organizationInCharge: PARENT[s.from] },
      to: [{ organId: AGENCY.organId, organName: AGENCY.name }],
      code: { codeNumber: number, codeNotation: s.notation },
      promulgation: { place: 'Demo', date },
      documentType: { type: typeCodeOf(s.typeName), typeName: s.typeName },
      subject: s.subject,
      signer: SIGNERS[s.from],
      dueDate: due,
      toPlaces: [AGENCY.name],
      otherInfo: { priority: priorityOfUrgency(s.urgency ?? 'thuong'), pageAmount: '1', promulgationAmount: '1', appendixes: [] },
      documentId: documentIdOf(from.organId, date, number, s.notation),
      traces: [{ organId: from.organId, timestamp: vietnamLocal(issued) }],
      business: { docType: '0', paper: '0' },
      signed: false,
      manifest: [{ contentId: 'cid:1', contentType: 'application/pdf', description: 'Văn bản chính', attachmentName: `${number}-${s.notation}.pdf` }],
      attachments: [{ contentId: 'cid:1', name: `${number}-${s.notation}.pdf`, contentType: 'application/pdf', data: pdf }],
    };
    const bytes = writeDocumentPackage(edxml);
    clock = arrived;
    const { sha } = blobs.put(bytes);
    const doc = receivePackage(ctx, edxml, { sha, warnings: [] }, s.urgency ?? 'thuong');
    if (!doc) throw new Error(`seed: ${edxml.documentId} did not arrive`);
    if (s.confidentiality) {
      // The confidentiality mark is on the paper; the clerk records it when the document arrives.
      doc.confidentiality = s.confidentiality;
      store.save(doc);
    }
    if (s.stage === 'arrived') return;
    if (s.stage === 'rejected') {
      act('dung.pt', doc.id, { type: 'reject', reason: 'Văn bản gửi nhầm cơ quan nhận, đề nghị gửi lại đúng đơn vị.' }, new Date(arrived.getTime() + 40 * 60_000));
      return;
    }
    act('dung.pt', doc.id, { type: 'register' }, new Date(arrived.getTime() + 25 * 60_000));
    if (s.stage === 'registered') return;
    act('dung.pt', doc.id, { type: 'submit', to: 'cuong.lv' }, new Date(arrived.getTime() + 50 * 60_000));
    if (s.stage === 'submitted') return;
    const lead = s.lead ?? CNTT;
    act(
      'cuong.lv',
      doc.id,
      {
        type: 'assign',
        directive: `Giao ${lead.kind === 'unit' ? 'phòng' : 'đồng chí'} chủ trì tham mưu, xử lý; các đơn vị liên quan phối hợp thực hiện đúng thời hạn.`,
        lead: { ...lead, deadline: due },
        coworkers: (s.coworkers ?? []).map((c) => ({ ...c, deadline: due })),
        info: s.info ?? [],
      },
      at(today, s.ago, '14:30'),
    );
    if (s.stage === 'assigned') return;
    const head = lead.kind === 'unit' ? (lead.id === 'phong-cntt' ? 'bao.tq' : lead.id === 'phong-bcvt' ? 'hung.dv' : undefined) : undefined;
    let doer = lead.kind === 'person' ? lead.id : (head ?? 'dung.pt');
    if (head && s.specialist) {
      act(head, doc.id, { type: 'reassign', assignee: s.specialist, note: 'Đề nghị đồng chí nghiên cứu, tham mưu dự thảo văn bản trả lời.' }, at(today, s.ago, '08:30', 1));
      doer = s.specialist;
    } else if (lead.kind === 'person' || head) {
      act(doer, doc.id, { type: 'start' }, at(today, s.ago, '08:30', 1));
    }
    act(doer, doc.id, { type: 'comment', text: 'Đã làm việc với các đơn vị liên quan, đang tổng hợp số liệu.' }, at(today, Math.max(0, s.ago - 2), '10:15'));
    if (s.stage === 'in_progress') {
      if (due && due < today) act('cuong.lv', doc.id, { type: 'urge', message: 'Văn bản đã quá hạn xử lý, đề nghị khẩn trương hoàn thành, báo cáo kết quả.' }, at(today, 0, '07:45'));
      return;
    }
    act(doer, doc.id, { type: 'finish', summary: 'Đã hoàn thành, dự thảo văn bản trả lời đã trình lãnh đạo ký ban hành.' }, at(today, Math.max(0, s.ago - 4), '16:00'));
  }

  function seedOutgoing(s: Outgoing, pdf: Buffer): void {
    clock = at(today, s.ago, '09:00');
    const drafter = who(s.drafter);
    const doc = create(ctx, drafter, CreateRequestSchema.parse({
      actionId: actionIds(),
      kind: 'draft',
      typeName: s.typeName,
      subject: s.subject,
      content: s.body.join('\n'),
      notation: s.notation,
      urgency: s.urgency ?? 'thuong',
      confidentiality: s.confidentiality ?? 'thuong',
      recipients: s.recipients.map((r) => ({ ...r })),
      attachments: [{ name: `Dự thảo ${s.typeName.toLowerCase()} - ${s.notation}.pdf`, contentType: 'application/pdf', dataBase64: pdf.toString('base64') }],
    }));
    if (s.stage === 'draft') return;
    const reviewer = s.reviewer ?? 'bao.tq';
    const firstReviewer = who(reviewer).role === 'leader' ? (drafter.unit.id === 'phong-bcvt' ? 'hung.dv' : 'bao.tq') : reviewer;
    if (firstReviewer === drafter.username) {
      act(s.drafter, doc.id, { type: 'submit_review', to: reviewer }, at(today, s.ago, '10:00'));
    } else {
      act(s.drafter, doc.id, { type: 'submit_review', to: firstReviewer }, at(today, s.ago, '10:00'));
      if (s.stage === 'returned') {
        act(firstReviewer, doc.id, { type: 'return', comment: 'Đề nghị bổ sung căn cứ pháp lý và thời gian thực hiện từng nội dung.' }, at(today, s.ago, '15:00'));
        return;
      }
      if (firstReviewer !== reviewer) act(firstReviewer, doc.id, { type: 'submit_review', to: reviewer, note: 'Kính trình lãnh đạo Sở xem xét.' }, at(today, s.ago, '15:00'));
    }
    if (s.stage === 'in_review') return;
    act(reviewer, doc.id, { type: 'approve' }, at(today, Math.max(0, s.ago - 1), '09:30'));
    if (s.stage === 'approved') return;
    act('dung.pt', doc.id, { type: 'issue' }, at(today, Math.max(0, s.ago - 1), '10:30'));
    if (s.stage === 'issued') return;
    act('dung.pt', doc.id, { type: 'send' }, at(today, Math.max(0, s.ago - 1), '10:45'));
  }
}

/** `seed --documents N`: N documents assigned to the benchmark account, replacing its earlier ones. */
export async function seedBenchmarkDocuments(p: StackPaths, count: number, today: string): Promise<{ count: number; ms: number }> {
  const t0 = Date.now();
  const store = new Store(p.documents);
  const blobs = new Blobs(path.join(p.documents, 'blobs'));
  const pdf = await makeDocumentPdf({
    parentAgency: 'ỦY BAN NHÂN DÂN TỈNH DEMO',
    agency: EXTERNAL.ubnd.name,
    numberLine: 'Số: 1/UBND-TH',
    placeDate: `Demo, ngày 01 tháng 01 năm ${today.slice(0, 4)}`,
    typeName: 'Công văn',
    subject: 'Văn bản dùng cho đo hiệu năng',
    paragraphs: ['Nội dung văn bản mẫu dùng để đo hiệu năng đồng bộ văn bản của Govdesk.'],
    signer: SIGNERS.ubnd,
    recipients: [AGENCY.name],
    createdAt: new Date(Date.parse(`${today}T00:00:00Z`)),
  });
  const { sha, size } = blobs.put(pdf);
  const bench = who(BENCHMARK_ACCOUNT);
  const subjects = ['V/v triển khai Kế hoạch chuyển đổi số', 'V/v báo cáo tình hình thực hiện nhiệm vụ', 'V/v tăng cường an toàn thông tin mạng', 'Kế hoạch kiểm tra công tác văn thư, lưu trữ', 'Giấy mời họp giao ban', 'Báo cáo kết quả cải cách hành chính'];
  const types = ['Công văn', 'Báo cáo', 'Công văn', 'Kế hoạch', 'Giấy mời', 'Báo cáo'];
  const base = Date.parse(`${today}T01:00:00Z`);
  store.tx(() => {
    // Earlier benchmark documents beyond N are taken back rather than deleted, so a synced client hears of the removal.
    const old = store.db.prepare("SELECT id FROM documents WHERE id LIKE 'bench-%' AND CAST(substr(id, 7) AS INTEGER) > ?").all(count) as { id: string }[];
    for (const o of old) {
      const d = store.get(o.id);
      if (!d) continue;
      d.state = 'taken_back';
      d.assignments = [];
      d.version += 1;
      store.save(d);
    }
    for (let i = 0; i < count; i++) {
      const when = new Date(base - i * 37 * 60_000);
      const iso = vnIso(when);
      const k = i % subjects.length;
      const number = String(1 + (i % 9000));
      const doc: ApiDocument = {
        id: `bench-${String(i + 1).padStart(7, '0')}`,
        version: 1,
        direction: 'incoming',
        state: 'assigned',
        origin: 'internal',
        documentId: documentIdOf(EXTERNAL.ubnd.organId, vnDate(when), number, 'UBND-TH'),
        number,
        notation: 'UBND-TH',
        typeCode: typeCodeOf(types[k]!),
        typeName: types[k]!,
        subject: `${subjects[k]} (số ${i + 1})`,
        content: null,
        issuer: { ...EXTERNAL.ubnd },
        promulgationDate: vnDate(when),
        place: 'Demo',
        signer: { competence: SIGNERS.ubnd.competence, position: SIGNERS.ubnd.position, fullName: SIGNERS.ubnd.fullName },
        urgency: i % 17 === 0 ? 'khan' : 'thuong',
        confidentiality: 'thuong',
        dueDate: vnDate(new Date(when.getTime() + 10 * 86400_000)),
        arrivedAt: iso,
        registrationDue: null,
        registration: null,
        issue: null,
        submittedTo: null,
        reviewer: null,
        drafter: null,
        recipients: [],
        duplicateOf: [],
        attachments: [{ id: `bench-att-${i + 1}`, name: `${number}-UBND-TH.pdf`, contentType: 'application/pdf', size, sha256: sha }],
        hasPackage: false,
        packageWarnings: [],
        sourceDocument: null,
        assignments: [
          { id: `bench-asg-${i + 1}`, role: 'lead', assignee: { kind: 'person', id: bench.username, name: bench.name }, deadline: vnDate(new Date(when.getTime() + 10 * 86400_000)), assignedBy: { username: 'cuong.lv', name: 'Lê Văn Cường' }, assignedAt: iso, parentId: null, state: 'open' },
        ],
        opinions: [],
        trace: [{ seq: 1, at: iso, actor: null, action: 'receive_internal', fromState: null, toState: 'assigned', note: null }],
        statuses: [],
        createdAt: iso,
        updatedAt: iso,
      };
      store.save(doc);
    }
  });
  store.close();
  return { count, ms: Date.now() - t0 };
}

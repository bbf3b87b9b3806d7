/** Files seed: plain files under Apache's WebDAV root, a home per account and a folder per department. */
import { chmodSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNTS, ORG_NAME, departments, type DemoAccount } from '../accounts.ts';
import { run } from '../proc.ts';
import { makeCsv, makePdf, makePng } from './content.ts';
import { localTime, type Week } from './util.ts';

type FileMap = Map<string, Buffer>;

function homeFiles(a: DemoAccount, week: Week): FileMap {
  const y = week.monday.slice(0, 4);
  const files: FileMap = new Map();
  files.set(
    'Ghi chú công việc.md',
    Buffer.from(
      `# Ghi chú công việc – ${a.name}\n\n- Tuần bắt đầu ${week.monday}\n- Hoàn thiện báo cáo chuyển đổi số quý\n- Theo dõi văn bản đến chưa xử lý\n- Chuẩn bị nội dung giao ban thứ Hai\n`,
      'utf8',
    ),
  );
  files.set(
    `Báo cáo/Báo cáo tuần ${week.monday}.txt`,
    Buffer.from(`BÁO CÁO KẾT QUẢ CÔNG TÁC TUẦN\n${a.department.name}\nNgười báo cáo: ${a.name} (${a.title})\n\n1. Kết quả đạt được\n2. Tồn tại, hạn chế\n3. Nhiệm vụ tuần tới\n`, 'utf8'),
  );
  files.set(`Báo cáo/Bao-cao-quy-${y}.pdf`, makePdf([`Bao cao quy - ${a.username}`, ORG_NAME.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'), `Nam ${y}`]));
  files.set('Ảnh/chu-ky-scan.png', makePng(24, 12, [30, 60, 160]));
  if (a.role === 'van_thu') {
    files.set(
      'Sổ đăng ký văn bản đến.csv',
      makeCsv([
        ['Số đến', 'Ngày đến', 'Cơ quan ban hành', 'Số ký hiệu', 'Trích yếu'],
        ['1021', week.monday, 'UBND tỉnh Demo', '1234/UBND-KT', 'V/v triển khai Kế hoạch chuyển đổi số năm ' + y],
        ['1022', week.monday, 'Bộ Thông tin và Truyền thông', '567/BTTTT-CATTT', 'V/v tăng cường bảo đảm an toàn thông tin'],
        ['1023', week.monday, 'Sở Tài chính', '890/STC-HCSN', 'V/v thẩm định dự toán mua sắm thiết bị'],
      ]),
    );
  }
  return files;
}

function departmentFiles(deptId: string, deptName: string, week: Week): FileMap {
  const y = week.monday.slice(0, 4);
  const members = ACCOUNTS.filter((a) => a.department.id === deptId);
  const files: FileMap = new Map();
  files.set(
    'Danh sách cán bộ.csv',
    makeCsv([['Họ và tên', 'Chức vụ', 'Thư điện tử'], ...members.map((m) => [m.name, m.title, m.email])]),
  );
  files.set(`Kế hoạch công tác năm ${y}.md`, Buffer.from(`# Kế hoạch công tác năm ${y}\n\n${deptName}\n\n## Nhiệm vụ trọng tâm\n\n1. Chuyển đổi số\n2. An toàn thông tin\n3. Cải cách hành chính\n`, 'utf8'));
  files.set(`Biên bản họp/Biên bản họp ${week.monday}.txt`, Buffer.from(`BIÊN BẢN HỌP ${deptName.toUpperCase()}\nThời gian: 14h00 ngày ${week.monday}\nThành phần: ${members.map((m) => m.name).join(', ')}\n`, 'utf8'));
  files.set(`Mẫu biểu/Mau-to-trinh.pdf`, makePdf(['Mau to trinh', `Don vi: ${deptId}`, `Nam ${y}`]));
  return files;
}

function writeTree(root: string, files: FileMap, mtime: Date): void {
  for (const [rel, body] of files) {
    const file = path.join(root, ...rel.normalize('NFC').split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
    utimesSync(file, mtime, mtime);
  }
}

/** Rewrites the homes and department folders; returns the number of files written. */
export function writeFiles(davFilesDir: string, week: Week): number {
  const mtime = localTime(week, -1, '17:00');
  let n = 0;
  for (const top of ['home', 'departments']) rmSync(path.join(davFilesDir, top), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  for (const a of ACCOUNTS) {
    const files = homeFiles(a, week);
    const dir = path.join(davFilesDir, 'home', a.username);
    mkdirSync(dir, { recursive: true });
    writeTree(dir, files, mtime);
    n += files.size;
  }
  for (const d of departments()) {
    const files = departmentFiles(d.id, d.name, week);
    const dir = path.join(davFilesDir, 'departments', d.id);
    mkdirSync(dir, { recursive: true });
    writeTree(dir, files, mtime);
    n += files.size;
  }
  // Apache (www-data) serves them; nobody else on the machine reads them.
  run('chown', ['-R', '33:33', davFilesDir]);
  chmodSync(davFilesDir, 0o700);
  return n;
}

/** Vietnamese mail content for the seed: topics of a provincial Department of Information and Communications. */

export interface Topic {
  key: string;
  subject: (n: number, year: string) => string;
  paragraphs: string[];
  attachment?: 'pdf' | 'csv';
  attachmentName?: (n: number, year: string) => string;
  /** Sent by an outside agency (index into EXTERNAL_SENDERS) rather than a colleague. */
  external?: number;
  folder?: string;
}

export const TOPICS: readonly Topic[] = [
  {
    key: 'cds',
    subject: (n, y) => `Công văn số ${n}/UBND-KT về việc triển khai Kế hoạch chuyển đổi số năm ${y}`,
    paragraphs: [
      'Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo chuyển đổi số, đề nghị các sở, ban, ngành triển khai ngay các nhiệm vụ được giao trong Kế hoạch.',
      'Các đơn vị báo cáo kết quả thực hiện về Sở Thông tin và Truyền thông trước ngày 25 hằng tháng để tổng hợp, báo cáo UBND tỉnh.',
    ],
    attachment: 'pdf',
    attachmentName: (n, y) => `Kế hoạch chuyển đổi số ${y} (kèm CV ${n}).pdf`,
    external: 0,
    folder: 'Công văn đến',
  },
  {
    key: 'attt',
    subject: (n) => `Tăng cường bảo đảm an toàn thông tin mạng (Công văn ${n}/BTTTT-CATTT)`,
    paragraphs: [
      'Thời gian gần đây, tình hình tấn công mạng vào hệ thống thông tin của các cơ quan nhà nước diễn biến phức tạp, đặc biệt là hình thức tấn công mã độc tống tiền.',
      'Đề nghị các đơn vị rà soát, cập nhật bản vá cho các máy chủ, máy trạm; kiểm tra sao lưu dữ liệu và báo cáo sự cố (nếu có) về Trung tâm Giám sát an toàn không gian mạng quốc gia.',
    ],
    external: 1,
    folder: 'Công văn đến',
  },
  {
    key: 'bao-cao-tuan',
    subject: (_n, y) => `Báo cáo kết quả công tác tuần ${y}`,
    paragraphs: [
      'Em gửi anh/chị báo cáo kết quả thực hiện nhiệm vụ trong tuần của phòng. Các nhiệm vụ trọng tâm đều đã hoàn thành đúng tiến độ.',
      'Riêng nhiệm vụ nâng cấp hệ thống một cửa điện tử còn chậm do nhà thầu chưa bàn giao bản cập nhật; phòng đã có văn bản đôn đốc.',
    ],
    attachment: 'pdf',
    attachmentName: () => 'Báo cáo tuần.pdf',
  },
  {
    key: 'giay-moi',
    subject: () => 'Giấy mời họp rà soát tiến độ dự án Trung tâm điều hành thông minh (IOC)',
    paragraphs: [
      'Sở Thông tin và Truyền thông trân trọng kính mời đại diện lãnh đạo phòng tham dự cuộc họp rà soát tiến độ dự án IOC giai đoạn 2.',
      'Đề nghị các đồng chí chuẩn bị ý kiến về phạm vi tích hợp dữ liệu của ngành và tham dự đúng thành phần, đúng giờ.',
    ],
  },
  {
    key: 'so-lieu',
    subject: () => 'Đề nghị cung cấp số liệu hạ tầng viễn thông thụ động',
    paragraphs: [
      'Để phục vụ xây dựng Quy hoạch hạ tầng kỹ thuật viễn thông thụ động, đề nghị Quý đơn vị cung cấp số liệu về cột ăng-ten, tuyến cáp ngầm trên địa bàn.',
      'Số liệu gửi theo mẫu đính kèm, định dạng bảng tính, trước ngày thứ Sáu tuần này.',
    ],
    attachment: 'csv',
    attachmentName: () => 'Mẫu số liệu hạ tầng.csv',
  },
  {
    key: 'gop-y',
    subject: () => 'Xin ý kiến góp ý dự thảo Quy chế quản lý, vận hành Hệ thống quản lý văn bản và điều hành',
    paragraphs: [
      'Phòng CNTT đã hoàn thiện dự thảo Quy chế sau khi tiếp thu ý kiến tại cuộc họp ngày thứ Hai. Kính đề nghị anh/chị cho ý kiến vào dự thảo.',
      'Ý kiến góp ý xin gửi lại qua thư điện tử trước 16 giờ ngày thứ Năm để kịp trình lãnh đạo Sở ký ban hành.',
    ],
    attachment: 'pdf',
    attachmentName: () => 'Dự thảo Quy chế QLVB.pdf',
  },
  {
    key: 'truc-le',
    subject: () => 'Thông báo lịch trực an toàn thông tin dịp nghỉ lễ',
    paragraphs: ['Văn phòng Sở thông báo lịch phân công trực bảo đảm an toàn thông tin trong dịp nghỉ lễ. Các đồng chí có tên trong danh sách trực đề nghị giữ liên lạc thông suốt.'],
    attachment: 'csv',
    attachmentName: () => 'Lịch trực nghỉ lễ.csv',
  },
  {
    key: 'tap-huan',
    subject: () => 'Tổng hợp danh sách cán bộ tham gia tập huấn kỹ năng số',
    paragraphs: [
      'Đề nghị các phòng đăng ký danh sách cán bộ tham gia lớp tập huấn kỹ năng số cơ bản, mỗi phòng tối đa 03 người.',
      'Lớp học tổ chức trong 02 ngày tại Trường Chính trị tỉnh, có hình thức trực tuyến cho cán bộ cấp xã.',
    ],
  },
  {
    key: 'canh-bao',
    subject: (n) => `Cảnh báo lỗ hổng bảo mật nghiêm trọng (số ${n}/NCSC)`,
    paragraphs: ['Trung tâm Giám sát an toàn không gian mạng quốc gia cảnh báo lỗ hổng bảo mật nghiêm trọng trong phần mềm máy chủ thư điện tử. Đề nghị các đơn vị khẩn trương kiểm tra, cập nhật bản vá.'],
    external: 4,
  },
  {
    key: 'su-co',
    subject: () => 'Báo cáo sự cố mất kết nối mạng WAN tại UBND huyện Sơn Hà',
    paragraphs: [
      'Vào lúc 9 giờ 15 phút sáng nay, đường truyền mạng WAN giữa Trung tâm dữ liệu tỉnh và UBND huyện Sơn Hà bị gián đoạn. Nguyên nhân ban đầu do đứt cáp quang tại km 12.',
      'Nhà mạng đã cử đội ứng cứu; dự kiến khôi phục trong vòng 02 giờ. Phòng CNTT tiếp tục theo dõi và báo cáo.',
    ],
  },
  {
    key: 'chung-thu-so',
    subject: () => 'Đăng ký nhu cầu cấp chứng thư số chuyên dùng',
    paragraphs: ['Đề nghị các phòng rà soát, đăng ký nhu cầu cấp mới, gia hạn chứng thư số chuyên dùng cho cán bộ, công chức theo mẫu gửi kèm.'],
    attachment: 'csv',
    attachmentName: () => 'Đăng ký chứng thư số.csv',
  },
  {
    key: 'mua-sam',
    subject: () => 'Đề xuất mua sắm thiết bị tường lửa cho Trung tâm dữ liệu',
    paragraphs: [
      'Thiết bị tường lửa hiện tại đã hết thời hạn hỗ trợ kỹ thuật từ hãng. Phòng CNTT đề xuất mua sắm thay thế trong năm nay.',
      'Kinh phí dự kiến từ nguồn sự nghiệp thông tin; hồ sơ đề xuất đã trao đổi sơ bộ với Sở Tài chính.',
    ],
    attachment: 'pdf',
    attachmentName: () => 'Tờ trình mua sắm tường lửa.pdf',
  },
  {
    key: 'ket-luan',
    subject: () => 'Thông báo kết luận của Giám đốc Sở tại cuộc họp giao ban',
    paragraphs: [
      'Văn phòng Sở thông báo kết luận của Giám đốc Sở tại cuộc họp giao ban sáng thứ Hai như sau: các phòng tập trung hoàn thành các chỉ tiêu chuyển đổi số; rà soát hồ sơ công việc tồn đọng.',
      'Đề nghị các phòng nghiêm túc triển khai thực hiện.',
    ],
  },
  {
    key: 'chu-ky-so',
    subject: () => 'Hướng dẫn sử dụng chữ ký số trên thiết bị di động',
    paragraphs: ['Phòng CNTT gửi hướng dẫn cài đặt và sử dụng chữ ký số từ xa trên điện thoại di động để ký văn bản điện tử khi đi công tác.'],
    attachment: 'pdf',
    attachmentName: () => 'Hướng dẫn ký số trên di động.pdf',
  },
  {
    key: 'bts',
    subject: () => 'Cập nhật tiến độ cấp phép xây dựng trạm BTS',
    paragraphs: ['Phòng Bưu chính, Viễn thông cập nhật tình hình cấp phép xây dựng trạm thu phát sóng di động (BTS) trên địa bàn tỉnh đến hết tuần này.'],
    attachment: 'csv',
    attachmentName: () => 'Tiến độ cấp phép BTS.csv',
  },
  {
    key: 'buu-chinh',
    subject: () => 'Thống kê điểm Bưu điện - Văn hóa xã năm nay',
    paragraphs: ['Bưu điện tỉnh gửi Sở số liệu về hoạt động của các điểm Bưu điện - Văn hóa xã để Sở tổng hợp, báo cáo Bộ Thông tin và Truyền thông.'],
    external: 3,
  },
  {
    key: 'du-toan',
    subject: (n) => `Về việc thẩm định dự toán kinh phí (Công văn ${n}/STC-HCSN)`,
    paragraphs: ['Sở Tài chính đề nghị Sở Thông tin và Truyền thông bổ sung thuyết minh chi tiết dự toán kinh phí thuê dịch vụ công nghệ thông tin năm sau.'],
    external: 2,
    folder: 'Công văn đến',
  },
  {
    key: 'ioc',
    subject: () => 'Dự án IOC: biên bản làm việc với nhà thầu',
    paragraphs: [
      'Gửi anh/chị biên bản làm việc với nhà thầu về việc tích hợp dữ liệu camera giao thông và phản ánh hiện trường vào Trung tâm điều hành thông minh.',
      'Nhà thầu cam kết hoàn thành kết nối thử nghiệm trong tháng này.',
    ],
    attachment: 'pdf',
    attachmentName: () => 'Biên bản làm việc IOC.pdf',
    folder: 'Dự án/IOC',
  },
];

/** Replies by staff to a leader or a colleague. */
export const REPLIES_STAFF: readonly string[] = [
  'Em đã nhận được, em sẽ xử lý và báo cáo lại anh/chị trong ngày.',
  'Em xin phép gửi lại bản đã chỉnh sửa theo ý kiến của anh/chị.',
  'Chiều nay 15h anh/chị có thời gian trao đổi trực tiếp được không ạ?',
  'Cảm ơn anh/chị. Phòng thống nhất với nội dung dự thảo, không có ý kiến bổ sung.',
];

/** Replies by a leader (head of department, deputy director). */
export const REPLIES_LEADER: readonly string[] = [
  'Đề nghị bổ sung số liệu của quý trước để so sánh, sau đó gửi lại để tôi trình lãnh đạo Sở.',
  'Tôi đồng ý với đề xuất. Giao Phòng CNTT chủ trì, phối hợp Văn phòng Sở triển khai.',
  'Đã xem. Đề nghị hoàn thiện và trình ký trước thứ Sáu.',
];

export const EXTERNAL_SENDERS = [
  { name: 'Văn phòng UBND tỉnh Demo', email: 'vanthu@ubnd.demo.invalid' },
  { name: 'Bộ Thông tin và Truyền thông', email: 'vanthu@btttt.demo.invalid' },
  { name: 'Sở Tài chính tỉnh Demo', email: 'vanthu@stc.demo.invalid' },
  { name: 'Bưu điện tỉnh Demo', email: 'lienhe@buudien.demo.invalid' },
  { name: 'Trung tâm Giám sát an toàn không gian mạng', email: 'canhbao@ncsc.demo.invalid' },
] as const;

export const SPAM: readonly { from: { name: string; email: string }; subject: string; text: string }[] = [
  { from: { name: 'Khuyến mãi Siêu Tốc', email: 'km@khuyenmai.example' }, subject: 'Chúc mừng! Bạn đã trúng thưởng điện thoại', text: 'Nhấn vào đường dẫn để nhận thưởng ngay hôm nay, chỉ còn 24 giờ!' },
  { from: { name: 'Hỗ trợ tài khoản', email: 'support@mail-verify.example' }, subject: 'Cảnh báo: hộp thư của bạn sắp bị khóa', text: 'Vui lòng xác minh mật khẩu tại liên kết sau để tránh bị khóa hộp thư.' },
  { from: { name: 'Vay Nhanh 24h', email: 'vay@taichinh.example' }, subject: 'Vay tín chấp lãi suất 0% cho cán bộ công chức', text: 'Giải ngân trong 15 phút, không cần thế chấp.' },
];

export const DRAFTS: readonly { subject: string; text: string }[] = [
  { subject: 'Dự thảo: Báo cáo kết quả chuyển đổi số quý', text: 'Kính gửi Lãnh đạo Sở,\n\nPhòng xin báo cáo kết quả như sau: (đang soạn)' },
  { subject: 'Trả lời: đề nghị cung cấp số liệu', text: 'Chào anh/chị,\n\nEm gửi số liệu theo yêu cầu, còn thiếu phần của huyện Sơn Hà...' },
];

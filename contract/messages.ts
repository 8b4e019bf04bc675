/**
 * Every message a user can be shown, in one catalogue: Vietnamese by default, English when the
 * request prefers it (`Accept-Language`). Errors carry a key and parameters; the API renders them
 * in the caller's language. The field problems of a validation (contract/problems.ts) use the
 * rule messages below with the field's own title and hint from its schema.
 *
 * Placeholders are `{name}`; a missing parameter renders as an empty string.
 */

export type Lang = 'vi' | 'en';

type Entry = { readonly vi: string; readonly en: string };

/** The default message of each error code of the contract. */
const BY_CODE = {
  'error.VALIDATION_FAILED': {
    vi: 'Thông tin gửi lên chưa hợp lệ: {count} trường cần sửa.',
    en: 'The request is not valid: {count} field(s) to correct.',
  },
  'error.SIGNATURE_INVALID': {
    vi: 'Chữ ký số không hợp lệ.',
    en: 'The signature is not valid.',
  },
  'error.UNAUTHENTICATED': { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  'error.BAD_PIN': { vi: 'Mã PIN không đúng.', en: 'The PIN is not correct.' },
  'error.FORBIDDEN': {
    vi: 'Bạn không có quyền thực hiện việc này.',
    en: 'You may not do this.',
  },
  'error.NOT_FOUND': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'error.METHOD_NOT_ALLOWED': {
    vi: 'Địa chỉ này không nhận phương thức đó.',
    en: 'This path does not take that method.',
  },
  'error.WRONG_STAGE': {
    vi: 'Hồ sơ đang ở bước không cho phép việc này.',
    en: 'The case is at a stage that does not allow this.',
  },
  'error.IDEMPOTENCY_CONFLICT': {
    vi: 'Khóa Idempotency-Key này đã dùng cho một yêu cầu khác.',
    en: 'This Idempotency-Key was used with a different request.',
  },
  'error.TOO_LARGE': { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  'error.UNSUPPORTED_MEDIA_TYPE': {
    vi: 'Định dạng dữ liệu không được hỗ trợ.',
    en: 'Unsupported media type.',
  },
  'error.LOCKED': {
    vi: 'Khóa ký số đã bị tạm khóa do nhập sai mã PIN quá nhiều lần.',
    en: 'The signing key is locked after too many wrong PINs.',
  },
  'error.RATE_LIMITED': {
    vi: 'Bạn gửi quá nhiều yêu cầu; vui lòng thử lại sau {seconds} giây.',
    en: 'Too many requests; try again in {seconds} s.',
  },
  'error.DEPENDENCY_UNAVAILABLE': {
    vi: 'Hệ thống đang tạm thời gián đoạn; vui lòng thử lại sau ít phút.',
    en: 'A service this request needs is not available right now; repeat it in a moment.',
  },
  'error.INTERNAL': {
    vi: 'Đã xảy ra lỗi nội bộ. Vui lòng thử lại; nếu vẫn lỗi, hãy báo bộ phận hỗ trợ.',
    en: 'An internal error occurred.',
  },
} as const satisfies Record<string, Entry>;

/** The rules of a schema, for field problems: `{title}` is the field's title. */
const RULES = {
  'rule.required': { vi: '{title}: bắt buộc nhập.', en: '{title}: required.' },
  'rule.type': { vi: '{title}: phải là {expected}.', en: '{title}: must be {expected}.' },
  'rule.tooShort': {
    vi: '{title}: cần ít nhất {minimum} ký tự.',
    en: '{title}: at least {minimum} characters.',
  },
  'rule.tooLong': {
    vi: '{title}: tối đa {maximum} ký tự.',
    en: '{title}: at most {maximum} characters.',
  },
  'rule.tooSmall': {
    vi: '{title}: phải từ {minimum} trở lên.',
    en: '{title}: must be at least {minimum}.',
  },
  'rule.tooBig': {
    vi: '{title}: không được lớn hơn {maximum}.',
    en: '{title}: must be at most {maximum}.',
  },
  'rule.tooFewItems': {
    vi: '{title}: cần ít nhất {minimum} mục.',
    en: '{title}: at least {minimum} item(s).',
  },
  'rule.tooManyItems': {
    vi: '{title}: tối đa {maximum} mục.',
    en: '{title}: at most {maximum} item(s).',
  },
  'rule.format': { vi: '{title}: không đúng định dạng.', en: '{title}: wrong format.' },
  'rule.oneOf': {
    vi: '{title}: phải là một trong các giá trị {values}.',
    en: '{title}: must be one of {values}.',
  },
  'rule.unknownField': {
    vi: '{title}: không phải là trường của yêu cầu này.',
    en: '{title}: is not a field of this request.',
  },
  'rule.integer': { vi: '{title}: phải là số nguyên.', en: '{title}: must be a whole number.' },
  'rule.invalid': { vi: '{title}: không hợp lệ.', en: '{title}: is not valid.' },
  'rule.controlCharacters': {
    vi: '{title}: không được chứa ký tự điều khiển hoặc ký tự đổi chiều văn bản.',
    en: '{title}: must not contain control or text-direction characters.',
  },
  'rule.notJson': {
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  'rule.tooDeep': {
    vi: 'Nội dung gửi lên lồng nhau quá sâu (tối đa {maximum} cấp).',
    en: 'The request body is nested too deeply (at most {maximum} levels).',
  },
} as const satisfies Record<string, Entry>;

/** Names of JSON types in messages. */
const TYPES = {
  'type.string': { vi: 'chuỗi ký tự', en: 'a text' },
  'type.number': { vi: 'một số', en: 'a number' },
  'type.boolean': { vi: 'đúng hoặc sai', en: 'true or false' },
  'type.object': { vi: 'một đối tượng', en: 'an object' },
  'type.array': { vi: 'một danh sách', en: 'a list' },
  'type.value': { vi: 'một giá trị hợp lệ', en: 'a valid value' },
} as const satisfies Record<string, Entry>;

/** Specific messages of the routes and services. */
const SPECIFIC = {
  // Cases and applicants
  'case.notFound': { vi: 'Không tìm thấy hồ sơ.', en: 'No such case.' },
  // Signing methods and awaited signatures (docs/signing.md)
  'signing.methodUnknown': {
    vi: 'Cách ký phải là PIN, REMOTE hoặc TOKEN.',
    en: 'signingMethod must be PIN, REMOTE or TOKEN.',
  },
  'signing.methodNotYours': {
    vi: 'Tài khoản của bạn chưa được đăng ký cách ký {method}.',
    en: 'You have no {method} signing method.',
  },
  'signing.noMethod': {
    vi: 'Tài khoản của bạn chưa có cách ký số nào; vui lòng liên hệ quản trị viên.',
    en: 'You have no way to sign; ask an administrator.',
  },
  'signing.nothingAwaited': {
    vi: 'Hồ sơ không chờ chữ ký số nào.',
    en: 'The case waits for no signature.',
  },
  'signing.notYours': {
    vi: 'Chữ ký đang chờ là của {name}.',
    en: 'The signature awaited is {name}’s.',
  },
  'signing.preparing': {
    vi: 'Văn bản cần ký đang được chuẩn bị; vui lòng thử lại sau giây lát.',
    en: 'The signature is being prepared; try again in a moment.',
  },
  'signing.notByToken': {
    vi: 'Chữ ký này được xác nhận tại dịch vụ ký số, không gửi tại đây.',
    en: 'This signature is confirmed at the signing service, not sent here.',
  },
  'signing.valueCount': {
    vi: 'Cần gửi đúng {count} giá trị chữ ký (base64).',
    en: 'Send {count} base64 signature value(s).',
  },
  'signing.tokenMismatch': {
    vi: 'Chữ ký không khớp với văn bản và chứng thư số của thiết bị ký số.',
    en: 'The signature does not match the document and the token’s certificate.',
  },
  'case.notFoundForToken': {
    vi: 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này.',
    en: 'No case has this code and tracking token.',
  },
  'case.tokenRequired': {
    vi: 'Cần mã tra cứu được cấp khi nộp hồ sơ (X-Tracking-Token).',
    en: 'Send the tracking token given at submission (X-Tracking-Token).',
  },
  'case.opening': {
    vi: 'Hồ sơ đang được khởi tạo; vui lòng thử lại sau giây lát.',
    en: 'The case is being opened; try again in a moment.',
  },
  'case.otherUnits': {
    vi: 'Hồ sơ này thuộc đơn vị khác.',
    en: 'This case belongs to other units.',
  },
  'case.noSuchDocument': {
    vi: 'Hồ sơ không có tài liệu này.',
    en: 'This case has no such document.',
  },
  'case.noSupplementRequested': {
    vi: 'Hồ sơ không có yêu cầu bổ sung nào đang chờ.',
    en: 'No supplement is requested for this case.',
  },
  'case.supplementEmpty': {
    vi: 'Hãy gửi tệp còn thiếu, ghi chú, hoặc cả hai.',
    en: 'Send the missing files, a note, or both.',
  },
  'case.closed': {
    vi: 'Hồ sơ đã kết thúc; không thể rút nữa.',
    en: 'The case is closed; it can no longer be withdrawn.',
  },
  'case.ended': {
    vi: 'Hồ sơ đã kết thúc; không còn bước xử lý nào để giao.',
    en: 'The case has ended; there is no stage left to assign.',
  },
  'case.pinRequired': {
    vi: 'Thao tác "{action}" cần ký số: hãy nhập mã PIN.',
    en: '"{action}" is signed: give your PIN.',
  },
  'case.notAnswered': {
    vi: 'Hồ sơ chưa trả lời kịp; hãy gửi lại yêu cầu để xem kết quả.',
    en: 'The case did not answer in time; repeat the request to see its result.',
  },
  'case.actionFailed': {
    vi: 'Chưa thực hiện được thao tác; hồ sơ giữ nguyên. Vui lòng thử lại sau ít phút.',
    en: 'The action could not be completed; the case is unchanged. Repeat it in a moment.',
  },
  'case.noWorker': {
    vi: 'Bộ xử lý hồ sơ đang tạm ngừng; hồ sơ giữ nguyên. Vui lòng thử lại sau ít phút.',
    en: 'No case worker is running; the case is unchanged. Repeat in a moment.',
  },
  'case.engineUnavailable': {
    vi: 'Hệ thống xử lý hồ sơ đang tạm gián đoạn; vui lòng thử lại sau ít phút.',
    en: 'The case engine is not available right now; repeat in a moment.',
  },
  // Officials
  'auth.badCredentials': {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The username or the password is not correct.',
  },
  'auth.tooManyFailures': {
    vi: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {seconds} giây.',
    en: 'Too many failed sign-ins; try again in {seconds} s.',
  },
  'auth.signIn': { vi: 'Vui lòng đăng nhập.', en: 'Sign in first.' },
  'auth.expired': {
    vi: 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ; vui lòng đăng nhập lại.',
    en: 'The session has expired or is not valid; sign in again.',
  },
  'auth.supervisorsOnly': {
    vi: 'Chỉ cán bộ giám sát được xem nội dung này.',
    en: 'Only supervisors see this.',
  },
  'auth.overseersOnly': {
    vi: 'Chỉ cán bộ giám sát và lãnh đạo đơn vị được xem nội dung này.',
    en: 'Only supervisors and the heads of units see this.',
  },
  'supervision.ownUnitOnly': {
    vi: 'Lãnh đạo đơn vị chỉ xem và điều hành hồ sơ của đơn vị mình ({unit}).',
    en: 'A unit head sees and directs the cases of their own unit ({unit}) only.',
  },
  'supervision.supervisorsOnly': {
    vi: 'Chỉ cán bộ giám sát được thực hiện thao tác hàng loạt.',
    en: 'Only supervisors act on many cases at once.',
  },
  'supervision.closed': {
    vi: 'Hồ sơ đã kết thúc; không cần đôn đốc.',
    en: 'The case is closed; there is nothing to escalate.',
  },
  'supervision.noFailingStep': {
    vi: 'Hồ sơ không có bước tự động nào đang lỗi.',
    en: 'No step of this case is failing.',
  },
  'supervision.loading': {
    vi: 'Bảng theo dõi đang được nạp; vui lòng thử lại sau giây lát.',
    en: 'The board is loading; try again in a moment.',
  },
  'official.notActive': {
    vi: 'Không có cán bộ đang hoạt động với mã này.',
    en: 'No active official has this id.',
  },
  // Routes
  'route.notFound': {
    vi: 'Không có địa chỉ {method} {path}.',
    en: 'No route for {method} {path}.',
  },
  'route.methodNotAllowed': {
    vi: 'Địa chỉ {path} không nhận phương thức {method}; dùng {allowed}.',
    en: '{path} does not take {method}; use {allowed}.',
  },
  'body.tooLarge': { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  'body.encoding': {
    vi: 'Mã hóa nội dung không được hỗ trợ hoặc dữ liệu nén bị hỏng.',
    en: 'Unsupported or damaged request encoding.',
  },
  'body.json': {
    vi: 'Hãy gửi nội dung JSON (Content-Type: application/json).',
    en: 'Send a JSON body (Content-Type: application/json).',
  },
  'body.multipart': {
    vi: 'Hãy gửi dữ liệu dạng multipart/form-data ({usage}).',
    en: 'Send multipart/form-data ({usage}).',
  },
  'body.multipartBroken': {
    vi: 'Dữ liệu multipart/form-data bị hỏng hoặc không đầy đủ.',
    en: 'The multipart/form-data body is malformed or incomplete.',
  },
  'attachments.tooLarge': {
    vi: 'Có tệp đính kèm lớn hơn 10 MB.',
    en: 'An attachment is larger than 10 MB.',
  },
  'attachments.tooMany': {
    vi: 'Tối đa {max} tệp đính kèm.',
    en: 'At most {max} attachments.',
  },
  // Verification
  'verify.empty': {
    vi: 'Nội dung trống; hãy gửi một tệp PDF.',
    en: 'The request body is empty; send a PDF.',
  },
  'verify.pdfBody': {
    vi: 'Hãy gửi chính tệp PDF làm nội dung, với Content-Type: application/pdf.',
    en: 'Send the PDF itself as the request body, with Content-Type: application/pdf.',
  },
  'verify.notPdf': { vi: 'Tệp này không phải là PDF.', en: 'This file is not a PDF.' },
  'verify.encrypted': {
    vi: 'Tệp PDF này được mã hóa; văn bản ký số của hệ thống không bao giờ mã hóa.',
    en: 'This PDF is encrypted; signed documents of this system never are.',
  },
  'verify.damaged': {
    vi: 'Tệp PDF bị hỏng hoặc bị cắt cụt, không đọc được.',
    en: 'This PDF is damaged or truncated and cannot be read.',
  },
  // A PDF over the limits of signing/pdf/limits.ts (413), one message per limit.
  'pdfLimit.decompressed': {
    vi: 'Tệp PDF chứa dữ liệu nén giải nén ra quá lớn (tối đa {maxMb} MB); hệ thống không xử lý tệp này.',
    en: 'This PDF holds compressed data that inflates too far (at most {maxMb} MB); it is not processed.',
  },
  'pdfLimit.ratio': {
    vi: 'Tệp PDF chứa dữ liệu nén với tỉ lệ nén bất thường (quá {maxRatio} lần); hệ thống không xử lý tệp này.',
    en: 'This PDF holds data compressed beyond {maxRatio} times; it is not processed.',
  },
  'pdfLimit.objects': {
    vi: 'Tệp PDF có quá nhiều đối tượng (tối đa {maxObjects}).',
    en: 'This PDF has too many objects (at most {maxObjects}).',
  },
  'pdfLimit.pages': {
    vi: 'Tệp PDF có quá nhiều trang (tối đa {maxPages}).',
    en: 'This PDF has too many pages (at most {maxPages}).',
  },
  'pdfLimit.depth': {
    vi: 'Tệp PDF có cấu trúc lồng nhau quá sâu (tối đa {maxDepth} cấp).',
    en: 'This PDF nests its structures too deeply (at most {maxDepth} levels).',
  },
  'pdfLimit.time': {
    vi: 'Kiểm tra tệp PDF này mất quá {seconds} giây nên đã dừng; tệp quá phức tạp.',
    en: 'Checking this PDF took longer than {seconds} s and was stopped; it is too complex.',
  },
  'pdfLimit.memory': {
    vi: 'Kiểm tra tệp PDF này cần quá nhiều bộ nhớ nên đã dừng; tệp quá phức tạp.',
    en: 'Checking this PDF needed too much memory and was stopped; it is too complex.',
  },
  'pki.notSetUp': {
    vi: 'Hệ thống chứng thực chưa được thiết lập.',
    en: 'The PKI has not been set up yet.',
  },
  'pki.noSuchFile': { vi: 'Không có tệp này.', en: 'No such file.' },
  'pki.notHeld': {
    vi: 'Hệ thống không giữ tổ chức chứng thực này.',
    en: 'This deployment does not hold that CA.',
  },
  'ocsp.tooLong': { vi: 'Yêu cầu OCSP quá dài.', en: 'The OCSP request is too long.' },
  'query.cursor': {
    vi: 'Con trỏ trang không hợp lệ.',
    en: 'The cursor is not valid.',
  },
} as const satisfies Record<string, Entry>;

export const MESSAGES = { ...BY_CODE, ...RULES, ...TYPES, ...SPECIFIC } as const;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Readonly<Record<string, string | number>>;

/** A message to show: a catalogue key and its parameters. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export const say = (key: MessageKey, params?: MessageParams): Message =>
  params ? { key, params } : { key };

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Message).key === 'string' &&
    (value as Message).key in MESSAGES
  );
}

/** The message in `lang`, its placeholders filled. */
export function render(message: Message | string, lang: Lang): string {
  if (typeof message === 'string') return message;
  const entry: Entry = MESSAGES[message.key];
  return entry[lang].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(message.params?.[name] ?? ''),
  );
}

/**
 * The language of a request from its `Accept-Language`: English only when the client prefers it
 * to Vietnamese (by q-value, then by order); Vietnamese otherwise.
 */
export function languageOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'vi';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1');
    const lang: Lang | null = tag.startsWith('vi') ? 'vi' : tag.startsWith('en') ? 'en' : null;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'vi';
}

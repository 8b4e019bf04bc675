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
  'rule.greaterThan': {
    vi: '{title}: phải lớn hơn {minimum}.',
    en: '{title}: must be greater than {minimum}.',
  },
  'rule.lessThan': {
    vi: '{title}: phải nhỏ hơn {maximum}.',
    en: '{title}: must be less than {maximum}.',
  },
  'rule.duplicate': { vi: '{title}: bị liệt kê hai lần.', en: '{title}: is listed twice.' },
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
  'refusal.signatureNotGiven': { vi: '{reason}', en: 'No signature was given: {reason}' },
  'refusal.otherUnits': {
    vi: 'Chỉ cán bộ của các đơn vị xử lý hồ sơ này mới được thực hiện việc này.',
    en: 'Only officials of the units of this case act on it.',
  },
  'remote.noProvider': { vi: 'Không có dịch vụ ký số này.', en: 'No such signing service.' },
  'remote.failed': {
    vi: 'Dịch vụ ký số không thực hiện được yêu cầu: {reason}.',
    en: 'The signing service could not do it: {reason}.',
  },
  'remote.credentialRequired': {
    vi: 'Thiếu mã chứng thư số trên dịch vụ ký số.',
    en: 'Give the credential id at the signing service.',
  },
  'remote.noApplication': {
    vi: 'Không có tờ khai nào đang chờ ký với mã này.',
    en: 'No application waits for a signature under this id.',
  },
  'remote.otherCredential': {
    vi: 'Tờ khai đã được lập cho một chứng thư số khác; hãy lập lại tờ khai với chứng thư này.',
    en: 'The form was prepared for another certificate; prepare it again with this one.',
  },
  'remote.notThatCredential': {
    vi: 'Không phải chứng thư số đã dùng để lập tờ khai.',
    en: 'Not the certificate the form was prepared for.',
  },
  'remote.notAsked': {
    vi: 'Chưa có yêu cầu ký số từ xa nào cho tờ khai này.',
    en: 'No remote signature was asked for this application.',
  },
  'revocation.unavailable': {
    vi: 'Không kiểm tra được tình trạng thu hồi của chứng thư số (nhà cung cấp không trả lời); hãy thử lại sau.',
    en: 'The certificate’s revocation status cannot be checked (its provider does not answer); try again later.',
  },
  'revocation.revoked': {
    vi: 'Chứng thư số đã bị thu hồi.',
    en: 'The certificate has been revoked.',
  },
  'revocation.revokedField': {
    vi: 'Chứng thư số đã bị tổ chức chứng thực thu hồi.',
    en: 'Revoked by its certification authority.',
  },
  'trust.servicesUnavailable': {
    vi: 'Dịch vụ cấp dấu thời gian hoặc kiểm tra thu hồi tạm thời không hoạt động; vui lòng thử lại sau giây lát.',
    en: 'The time-stamping or revocation service is not available right now; repeat the request in a moment.',
  },
  'pkiAdmin.noProvider': {
    vi: 'Không có dịch vụ ký số "{provider}" trong SIGNING_PROVIDERS ({known}).',
    en: 'No signing service "{provider}" in SIGNING_PROVIDERS ({known}).',
  },
  'pkiAdmin.noPem': {
    vi: 'Tệp không chứa chứng thư số PEM nào.',
    en: 'The file holds no PEM certificate.',
  },
  'pkiAdmin.unreadable': {
    vi: 'Không đọc được một chứng thư số trong tệp.',
    en: 'A certificate of the file cannot be read.',
  },
  'refusal.signaturePending': {
    vi: 'Hồ sơ đang chờ chữ ký số của {name}; hãy chờ xác nhận hoặc hủy yêu cầu ký.',
    en: 'The case waits for {name}’s digital signature; wait for it or cancel the request.',
  },
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

/** The application services (services/applications/): filing, certificates, submission. */
const APPLICATIONS = {
  'application.notFound': {
    vi: 'Không có đơn nào đang chờ ký với mã này.',
    en: 'No application waits for a signature under this id.',
  },
  'application.expired': {
    vi: 'Đơn đã quá thời hạn ký (30 phút); vui lòng lập lại tờ khai.',
    en: 'This application has expired; prepare it again.',
  },
  'application.notSignable': {
    vi: 'Đơn này không còn ký được nữa; vui lòng lập lại tờ khai.',
    en: 'This application can no longer be signed.',
  },
  'application.alreadySubmitted': {
    vi: 'Đơn này đã được nộp.',
    en: 'This application has already been submitted.',
  },
  'application.inProgress': {
    vi: 'Đơn đang được nộp bởi một yêu cầu khác; hãy gửi lại đúng yêu cầu đó để hoàn tất.',
    en: 'This application is being submitted by another request; repeat that request to finish it.',
  },
  'application.signatureMismatch': {
    vi: 'Chữ ký không khớp với tờ khai và chứng thư số của người ký.',
    en: 'The signature does not match the application form and the signer certificate.',
  },
  'application.signedFormInvalid': {
    vi: 'Tờ khai đã ký không hợp lệ theo các tổ chức chứng thực được tin cậy.',
    en: 'The signed application form does not validate against the trusted certification authorities.',
  },
  'application.certificateNoLongerValid': {
    vi: 'Chứng thư số của người ký không còn hiệu lực (đã hết hạn hoặc bị thu hồi).',
    en: 'The signer certificate is no longer valid (expired or revoked).',
  },
  'application.noWorker': {
    vi: 'Bộ xử lý hồ sơ đang tạm ngừng; hồ sơ chưa được nộp. Vui lòng thử lại sau ít phút.',
    en: 'No case worker is running; nothing was submitted. Repeat the request in a moment.',
  },
  'application.certificatesOff': {
    vi: 'Hệ thống không cấp chứng thư số; hãy dùng chứng thư số của một tổ chức cung cấp dịch vụ chứng thực được cấp phép.',
    en: 'This deployment does not issue certificates: use one from a licensed certification authority.',
  },
  'application.noCitizenCa': {
    vi: 'Hệ thống chưa có tổ chức chứng thực cho người dân.',
    en: 'This deployment has no citizens CA.',
  },
  'dependency.database': {
    vi: 'Cơ sở dữ liệu đang tạm thời gián đoạn; vui lòng thử lại sau ít phút.',
    en: 'The database is not available right now; repeat the request in a moment.',
  },
  'dependency.caseEngine': {
    vi: 'Hệ thống xử lý hồ sơ đang tạm thời gián đoạn; vui lòng thử lại sau ít phút.',
    en: 'The case engine (Temporal) is not available right now; repeat the request in a moment.',
  },
  'attachments.unsupported': {
    vi: 'Tệp đính kèm phải là tệp PDF, JPEG hoặc PNG.',
    en: 'Attachments must be PDF, JPEG or PNG files.',
  },
  // Field problems of the services (with `{title}`, like the rules)
  'field.notAnObject': {
    vi: 'Nội dung gửi lên phải là một đối tượng JSON.',
    en: 'The request body must be a JSON object.',
  },
  'field.unknownProcedure': {
    vi: '{title}: không có thủ tục này trong danh mục.',
    en: '{title}: is not a known procedure.',
  },
  'field.notAWard': {
    vi: '{title}: không phải là phường tiếp nhận hồ sơ.',
    en: '{title}: is not a ward.',
  },
  'field.notADocumentOfProcedure': {
    vi: '{title}: không phải là giấy tờ của thủ tục này.',
    en: '{title}: is not a document of this procedure.',
  },
  'field.personName': {
    vi: "{title}: chỉ gồm chữ cái, dấu cách và các dấu . ' -.",
    en: "{title}: letters, spaces and . ' - only.",
  },
  'field.phone': {
    vi: '{title}: không phải số điện thoại Việt Nam.',
    en: '{title}: is not a Vietnamese phone number.',
  },
  'field.publicKeyUnreadable': {
    vi: '{title}: không đọc được khóa công khai.',
    en: '{title}: cannot be read as a public key.',
  },
  'attachment.noContent': {
    vi: 'Tệp đính kèm {n}: không có nội dung.',
    en: 'Attachment {n}: has no content.',
  },
  'attachment.empty': { vi: 'Tệp đính kèm {n}: tệp rỗng.', en: 'Attachment {n}: is empty.' },
  'attachment.tooLarge': {
    vi: 'Tệp đính kèm {n} ({name}): lớn hơn {maxMb} MB.',
    en: 'Attachment {n} ({name}): larger than {maxMb} MB.',
  },
  'attachment.unsupported': {
    vi: 'Tệp đính kèm {n} ({name}): không phải tệp PDF, JPEG hoặc PNG.',
    en: 'Attachment {n} ({name}): not a PDF, JPEG or PNG file.',
  },
  // The signer's certificate (services/applications/signer-certificate.ts)
  'certificate.required': {
    vi: '{title}: bắt buộc (chứng thư số dạng PEM).',
    en: '{title}: required (the PEM of the signing certificate).',
  },
  'certificate.tooLong': { vi: '{title}: quá dài.', en: '{title}: too long.' },
  'certificate.notPem': {
    vi: '{title}: không phải chứng thư số X.509 dạng PEM.',
    en: '{title}: is not a PEM X.509 certificate.',
  },
  'certificate.rsaTooShort': {
    vi: '{title}: khóa RSA phải có ít nhất 2048 bit (khóa này có {bits} bit).',
    en: '{title}: an RSA key must have at least 2048 bits (this one has {bits}).',
  },
  'certificate.rsaTooLong': {
    vi: '{title}: khóa RSA tối đa 8192 bit (khóa này có {bits} bit).',
    en: '{title}: an RSA key may have at most 8192 bits (this one has {bits}).',
  },
  'certificate.ecCurve': {
    vi: '{title}: khóa EC phải dùng đường cong P-256 (khóa này dùng {curve}).',
    en: '{title}: an EC key must be on the P-256 curve (this one is on {curve}).',
  },
  'certificate.keyType': {
    vi: '{title}: khóa phải là RSA (≥ 2048 bit) hoặc EC P-256, không phải {type}.',
    en: '{title}: the key must be RSA (≥ 2048 bits) or EC P-256, not {type}.',
  },
  'certificate.isCa': {
    vi: '{title}: là chứng thư của tổ chức chứng thực, không dùng để ký văn bản.',
    en: '{title}: is a CA certificate, which cannot sign documents.',
  },
  'certificate.noSigningUsage': {
    vi: '{title}: không cho phép ký văn bản (mục đích sử dụng khóa).',
    en: '{title}: does not allow document signatures (key usage).',
  },
  'certificate.notYetValid': {
    vi: '{title}: chưa đến thời điểm có hiệu lực.',
    en: '{title}: is not valid yet.',
  },
  'certificate.expired': { vi: '{title}: đã hết hạn.', en: '{title}: has expired.' },
  'certificate.untrusted': {
    vi: '{title}: không do tổ chức chứng thực được hệ thống tin cậy cấp.',
    en: '{title}: is not issued by a certification authority this deployment trusts.',
  },
  'certificate.issuerNotValid': {
    vi: '{title}: được cấp bởi "{name}", hiện không còn hiệu lực.',
    en: '{title}: is issued by "{name}", which is not valid now.',
  },
  'certificate.issuerCannotIssue': {
    vi: '{title}: được cấp bởi "{name}", không có quyền cấp chứng thư.',
    en: '{title}: is issued by "{name}", which may not issue certificates.',
  },
  'certificate.wrongCa': {
    vi: '{title}: được cấp bởi tổ chức chứng thực nội bộ dành cho cán bộ hoặc con dấu, không dành cho người nộp hồ sơ.',
    en: "{title}: is issued by the deployment's {purpose} CA, which does not certify applicants.",
  },
  'certificate.revoked': { vi: '{title}: đã bị thu hồi.', en: '{title}: has been revoked.' },
  'certificate.issuerRevoked': {
    vi: '{title}: được cấp bởi một tổ chức chứng thực đã bị thu hồi.',
    en: '{title}: is issued by a revoked CA.',
  },
  'certificate.noIdNumber': {
    vi: '{title}: không ghi số định danh cá nhân 12 chữ số.',
    en: '{title}: does not name a 12-digit identity number.',
  },
  'certificate.otherIdNumber': {
    vi: '{title}: thuộc về số định danh {id}, không phải số định danh đã khai.',
    en: '{title}: belongs to identity number {id}, not to the applicant’s.',
  },
  'certificate.otherName': {
    vi: '{title}: cấp cho "{name}", không phải người nộp hồ sơ đã khai.',
    en: '{title}: is issued to "{name}", not to the applicant.',
  },
} as const satisfies Record<string, Entry>;

/** Officials' signing keys (activities/signing-grants.ts) and PKI administration. */
const SIGNING = {
  'signing.noKey': {
    vi: 'Cán bộ này chưa có khóa ký số.',
    en: 'This official has no signing key.',
  },
  'signing.locked': {
    vi: 'Khóa ký số đã bị khóa do nhập sai mã PIN nhiều lần; hãy liên hệ quản trị viên để mở khóa.',
    en: 'The signing key is locked after too many wrong PINs; ask an administrator to unlock it.',
  },
  'signing.badPin': {
    vi: 'Mã PIN không đúng; còn {left} lần thử.',
    en: 'The PIN is not correct; {left} attempt(s) left.',
  },
  'signing.badPinNowLocked': {
    vi: 'Mã PIN không đúng; khóa ký số đã bị khóa.',
    en: 'The PIN is not correct; the signing key is now locked.',
  },
  'signing.pinUnchecked': {
    vi: 'Chưa kiểm tra được mã PIN; vui lòng thử lại.',
    en: 'The PIN could not be checked; try again.',
  },
  'pkiAdmin.badAnchors': {
    vi: 'Không dùng được làm chứng thư gốc tin cậy: {reason}',
    en: 'Not usable as trust anchors: {reason}',
  },
  'pkiAdmin.changing': {
    vi: 'Dữ liệu chứng thực đang thay đổi; vui lòng thử lại.',
    en: 'The PKI kept changing; try again.',
  },
  'pkiAdmin.invalid': { vi: 'Không hợp lệ: {reason}', en: '{reason}' },
  'pkiAdmin.trustFirst': {
    vi: 'Hãy thêm chứng thư gốc tin cậy trước (npm run pki -- trust).',
    en: 'Add the trust anchors first (npm run pki -- trust).',
  },
  'pkiAdmin.notTrusted': {
    vi: 'Chứng thư không chuỗi tới chứng thư gốc tin cậy: {reason}',
    en: 'The certificate does not chain to the trust anchors: {reason}',
  },
  'pkiAdmin.noOfficial': { vi: 'Không có cán bộ {who}.', en: 'No official {who}.' },
  'pkiAdmin.noUnit': { vi: 'Không có đơn vị {who}.', en: 'No unit {who}.' },
  'pkiAdmin.noKey': { vi: '{who} chưa có khóa ký số.', en: '{who} has no signing key.' },
  'pkiAdmin.keyChanging': {
    vi: 'Khóa ký số đang thay đổi; vui lòng thử lại.',
    en: 'The key kept changing; try again.',
  },
  'pkiAdmin.noCertificate': {
    vi: 'Không có chứng thư số của {who}.',
    en: 'No certificate for {who}.',
  },
} as const satisfies Record<string, Entry>;

/**
 * The workflow's refusals (workflows/validation.ts): a Temporal failure carries the key and its
 * parameters in its details, and the API renders them (api/workflow-errors.ts).
 */
const REFUSALS = {
  'refusal.unknownAction': {
    vi: 'Thao tác không hợp lệ; chỉ có: {actions}.',
    en: 'Unknown action; expected one of {actions}.',
  },
  'refusal.noOfficial': {
    vi: 'Không xác định được cán bộ thực hiện.',
    en: 'No official is named.',
  },
  'refusal.roleCannot': {
    vi: 'Vai trò của bạn không được thực hiện thao tác "{actionLabel}".',
    en: 'Your roles do not allow "{action}".',
  },
  'refusal.wrongStage': {
    vi: 'Không thể "{actionLabel}" khi hồ sơ đang ở bước "{stageLabel}".',
    en: '"{action}" is not possible while the case is in {stage}.',
  },
  'refusal.stageNeedsRole': {
    vi: 'Bước "{stageLabel}" cần vai trò {roleLabel}.',
    en: '{stage} needs the role {role}.',
  },
  'refusal.otherUnit': {
    vi: 'Chỉ cán bộ của {unitName} xử lý bước này.',
    en: 'Only officials of {unit} act in this stage.',
  },
  'refusal.assigned': {
    vi: 'Hồ sơ đã được phân công cho {name}.',
    en: 'The case is assigned to {name}.',
  },
  'refusal.textTooLong': {
    vi: '{title}: tối đa {maximum} ký tự.',
    en: '{titleEn}: at most {maximum} characters.',
  },
  'refusal.reasonRequired': {
    vi: 'Thao tác "{actionLabel}" cần ghi lý do.',
    en: '"{action}" needs a reason.',
  },
  'refusal.missingDocumentsRequired': {
    vi: 'Yêu cầu bổ sung cần danh sách giấy tờ còn thiếu.',
    en: '"request_supplement" needs the list of missing documents.',
  },
  'refusal.missingDocumentsTooLong': {
    vi: 'Danh sách giấy tờ còn thiếu quá dài.',
    en: 'The list of missing documents is too long.',
  },
  'refusal.supplementDocuments': {
    vi: 'Tối đa 20 tệp bổ sung đã lưu.',
    en: 'documents must be at most 20 stored attachments.',
  },
  'refusal.cannotWithdraw': {
    vi: 'Hồ sơ đã có kết quả hoặc đã kết thúc; không thể rút nữa.',
    en: 'The case can no longer be withdrawn.',
  },
  'refusal.withdrawReason': {
    vi: 'Cần ghi lý do rút hồ sơ (tối đa 2000 ký tự).',
    en: 'A reason (at most 2000 characters) is required.',
  },
  'refusal.supervisorsOnly': {
    vi: 'Chỉ cán bộ giám sát được phân công lại hồ sơ.',
    en: 'Only a supervisor can reassign a case.',
  },
  'refusal.nobodyAssigned': {
    vi: 'Ở bước "{stageLabel}" không có ai được phân công.',
    en: 'Nobody is assigned in {stage}.',
  },
  'refusal.assigneeRole': {
    vi: 'Người được giao phải có vai trò {roleLabel} tại {unitName}.',
    en: 'The new assignee must hold {role} in {unit}.',
  },
  'refusal.notNow': {
    vi: 'Không thực hiện được khi hồ sơ đang ở bước "{stageLabel}".',
    en: 'Not possible in {stage}.',
  },
  'refusal.ended': { vi: 'Hồ sơ đã kết thúc.', en: 'The case has ended.' },
  'refusal.actionFailed': {
    vi: 'Chưa thực hiện được thao tác; hồ sơ giữ nguyên ({reason}). Vui lòng thử lại sau ít phút.',
    en: 'The action could not be completed; the case is unchanged ({reason}). Repeat it in a moment.',
  },
} as const satisfies Record<string, Entry>;

export const MESSAGES = {
  ...BY_CODE,
  ...RULES,
  ...TYPES,
  ...SPECIFIC,
  ...APPLICATIONS,
  ...SIGNING,
  ...REFUSALS,
} as const;

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
export function render(message: Message, lang: Lang): string {
  const entry: Entry = MESSAGES[message.key];
  return entry[lang].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = message.params?.[name];
    return typeof value === 'number' ? numberFormat(lang).format(value) : String(value ?? '');
  });
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();
/** Numbers as the language writes them: 1.000.000 in Vietnamese, 1,000,000 in English. */
function numberFormat(lang: Lang): Intl.NumberFormat {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 6 });
    numberFormats.set(lang, f);
  }
  return f;
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

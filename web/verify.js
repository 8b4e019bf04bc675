// The public verification page: sends the chosen PDF to POST /api/verify and shows the report.
// Every value from the document is inserted as text, never as HTML.
'use strict';

const MAX_BYTES = 20 * 1024 * 1024;

const INTEGRITY = {
  INTACT: ['Nguyên vẹn', 'good'],
  BROKEN: ['Bị thay đổi sau khi ký', 'warn'],
};
const CHAIN = {
  TRUSTED: ['Tin cậy (chuỗi tới chứng thư gốc của hệ thống)', 'good'],
  UNTRUSTED: ['Không tin cậy', 'warn'],
  REVOKED: ['Đã bị thu hồi', 'warn'],
};

const { el, when } = window.MotCua;

function cell(main, sub, className) {
  const td = el('td', null, className);
  td.append(document.createTextNode(main));
  if (sub) td.append(el('small', sub));
  return td;
}

function showVerdict(ok, text) {
  const verdict = document.getElementById('verdict');
  verdict.textContent = text;
  verdict.className = `verdict ${ok ? 'ok' : 'bad'}`;
  document.getElementById('result').hidden = false;
}

function render(report) {
  const tbody = document.querySelector('#signatures tbody');
  tbody.replaceChildren();
  document.getElementById('signatures').hidden = report.signatures.length === 0;
  if (report.signatures.length === 0) {
    showVerdict(false, 'Văn bản không có chữ ký số.');
    return;
  }
  showVerdict(
    report.valid,
    report.valid
      ? `Văn bản hợp lệ: ${report.signatures.length} chữ ký, tất cả nguyên vẹn và tin cậy; văn bản không bị sửa đổi sau khi ký.`
      : 'Văn bản KHÔNG hợp lệ: xem các chữ ký bên dưới.',
  );
  report.signatures.forEach((s, i) => {
    const tr = el('tr');
    const [integrity, integrityClass] = INTEGRITY[s.integrity] || [s.integrity, 'warn'];
    const [chain, chainClass] = CHAIN[s.chain] || [s.chain, 'warn'];
    const after = s.modifiedAfterSigning
      ? ['Có nội dung khác được thêm sau chữ ký này', 'warn']
      : [
          s.coversWholeDocument ? 'Chữ ký cuối, phủ toàn bộ văn bản' : 'Chỉ thêm các chữ ký sau',
          'good',
        ];
    tr.append(
      el('td', String(i + 1)),
      cell(
        s.signerName || '(không rõ)',
        [s.title, s.organization].filter((x) => x && x !== s.signerName).join(', '),
      ),
      cell(
        s.signedAt ? when(s.signedAt, { seconds: true }) : '(không ghi)',
        s.padesLevel ? `PAdES ${s.padesLevel}` : '',
      ),
      cell(
        integrity,
        s.errors && s.errors.length ? `Chi tiết kỹ thuật: ${s.errors.join('; ')}` : '',
        integrityClass,
      ),
      cell(
        chain,
        s.revokedAt ? `thu hồi lúc ${when(s.revokedAt, { seconds: true })}` : '',
        chainClass,
      ),
      cell(after[0], '', after[1]),
    );
    tbody.append(tr);
  });
}

async function verify(file) {
  if (file.size > MAX_BYTES) {
    showVerdict(false, 'Tệp lớn hơn 20 MB.');
    return;
  }
  const button = document.getElementById('submit');
  document.getElementById('result').hidden = true; // never show an earlier file's result
  document.getElementById('verdict').className = 'verdict';
  button.disabled = true;
  button.textContent = 'Đang xác minh…';
  try {
    const res = await fetch('/api/verify', {
      method: 'POST',
      headers: { ...window.MotCua.LANGUAGE, 'Content-Type': 'application/pdf' },
      body: file,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      document.getElementById('signatures').hidden = true;
      showVerdict(false, (body && body.error && body.error.message) || `Lỗi ${res.status}.`);
      return;
    }
    render(body);
  } catch {
    showVerdict(false, 'Không kết nối được máy chủ; hãy thử lại.');
  } finally {
    button.disabled = false;
    button.textContent = 'Xác minh';
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const input = document.getElementById('file');
  const drop = document.getElementById('drop');
  const label = document.getElementById('file-label');
  input.addEventListener('change', () => {
    if (input.files[0]) label.textContent = input.files[0].name;
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) {
      input.files = e.dataTransfer.files;
      label.textContent = e.dataTransfer.files[0].name;
    }
  });
  document.getElementById('verify-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.files[0]) void verify(input.files[0]);
  });
});

// The officials' page: sign in, the inbox (or, for supervisors, the cases to chase), a case with
// its applicant, form, signed documents and timeline, and the actions the server says this
// official may take now (a signed one asks for the PIN, or goes through the official's remote
// signing service or token: the case then shows the awaited signature until it is confirmed,
// refused or expired). Values are inserted as text only.
'use strict';

const {
  $,
  el,
  say,
  when,
  openBlob,
  daysLeft,
  showDocuments,
  showTimeline,
  showPdf,
  session,
  signIn,
  officialApi,
} = window.MotCua;
const METHOD_LABELS = {
  REMOTE: 'Dịch vụ ký số từ xa (xác nhận trên điện thoại)',
  TOKEN: 'Token (USB) qua phần mềm ký số',
  PIN: 'Khóa ký số trên máy chủ (mã PIN)',
};
/** The inbox's filters and page, kept while the official opens a case and comes back. */
const inboxQuery = { q: '', status: '', page: 1 };

function show(view) {
  for (const id of ['login-view', 'inbox-view', 'case-view']) $(id).hidden = id !== view;
}

/** Calls the API as the signed-in official; an expired session sends back to the sign-in form. */
const api = officialApi({ signedOut: () => start(), words: (err) => vietnamese(err) });

/** The contract's error codes in the officials' language; other messages as the server wrote them. */
function vietnamese(error) {
  const left = error.details && error.details.attemptsRemaining;
  switch (error.code) {
    case 'BAD_PIN':
      return left > 0
        ? `Mã PIN không đúng; còn ${left} lần thử.`
        : 'Mã PIN không đúng; khóa ký số đã bị khóa.';
    case 'LOCKED':
      return 'Khóa ký số đã bị khóa do nhập sai mã PIN nhiều lần; hãy liên hệ quản trị viên để mở khóa.';
    case 'WRONG_STAGE':
      return `Hồ sơ không ở bước cho phép thao tác này (${error.message}).`;
    case 'FORBIDDEN':
      return `Không có quyền thực hiện (${error.message}).`;
    case 'SIGNATURE_INVALID':
      return error.message;
    default:
      return null;
  }
}

function deadlineBadge(item) {
  if (item.overdue) return el('span', 'Quá hạn', 'badge late');
  if (item.atRisk) return el('span', 'Sắp đến hạn', 'badge risk');
  return null;
}

async function showInbox() {
  const official = session.official;
  show('inbox-view');
  const supervisor = official.roles.includes('SUPERVISOR');
  $('inbox-title').textContent = supervisor ? 'Hồ sơ cần đôn đốc' : 'Hồ sơ cần xử lý';
  $('inbox-filters').hidden = supervisor;
  let items;
  if (supervisor) {
    items = (await api('GET', '/api/supervision/cases?filter=stuck&limit=100')).items;
    $('inbox-pager').hidden = true;
    $('inbox-counts').textContent = '';
  } else {
    const params = new window.URLSearchParams({ page: String(inboxQuery.page), limit: '20' });
    if (inboxQuery.q) params.set('q', inboxQuery.q);
    if (inboxQuery.status) params.set('status', inboxQuery.status);
    const inbox = await api('GET', `/api/inbox?${params}`);
    items = inbox.items;
    const pages = Math.max(1, Math.ceil(inbox.total / inbox.pageSize));
    $('inbox-counts').textContent =
      `${inbox.counts.all} hồ sơ chờ xử lý: ${inbox.counts.overdue} quá hạn, ` +
      `${inbox.counts.atRisk} sắp đến hạn.` +
      (inboxQuery.q || inboxQuery.status ? ` Đang lọc: ${inbox.total} hồ sơ.` : '');
    $('inbox-pager').hidden = pages <= 1;
    $('inbox-page').textContent = `Trang ${inbox.page}/${pages}`;
    $('inbox-prev').disabled = inbox.page <= 1;
    $('inbox-next').disabled = inbox.page >= pages;
  }
  const tbody = $('inbox').querySelector('tbody');
  tbody.replaceChildren();
  $('inbox-empty').hidden = items.length > 0;
  $('inbox').hidden = items.length === 0;
  const labels = [...$('inbox').querySelectorAll('thead th')].map((th) => th.textContent);
  for (const item of items) {
    const tr = el('tr');
    tr.dataset.code = item.code;
    tr.tabIndex = 0;
    const due = el('td', when(item.stageDueAt));
    const badge = deadlineBadge(item);
    if (badge) due.append(' ', badge);
    const left = el('td', daysLeft(item.workingDaysLeft), item.overdue ? 'warn' : '');
    tr.append(
      el('td', item.code),
      el('td', item.procedureName || item.procedureCode),
      el('td', supervisor ? (item.stuck && item.stuck.detail) || '' : item.applicantName),
      el('td', item.stageLabel || item.stage),
      due,
      left,
    );
    // On a phone each row is a card: every value says which column it belongs to.
    [...tr.children].forEach((td, i) => (td.dataset.label = labels[i] || ''));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void openCase(item.code);
    });
    tr.addEventListener('click', () => void openCase(item.code));
    tbody.append(tr);
  }
}

function fillList(dl, entries) {
  dl.replaceChildren();
  for (const [label, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(el('dt', label), el('dd', typeof value === 'object' ? JSON.stringify(value) : value));
  }
}

async function openDocument(code, doc) {
  try {
    openBlob(await api('GET', `/api/cases/${encodeURIComponent(code)}/documents/${doc.id}`));
  } catch (err) {
    say(err.message, false);
  }
}

let current = null;
let chosen = null;

function renderCase(c) {
  current = c;
  show('case-view');
  $('case-title').textContent = `${c.code} — ${c.procedureName || c.procedureCode}`;
  const outcome = c.outcomeLabel ? ` · kết quả: ${c.outcomeLabel}` : '';
  $('case-stage').textContent =
    `${c.stageLabel || c.stage}${outcome} · hạn bước này: ${when(c.stageDueAt)} · hẹn trả: ${when(c.dueAt)}` +
    (c.overdue ? ' · QUÁ HẠN' : '');
  fillList($('case-applicant'), [
    ['Họ và tên', c.applicant.fullName],
    ['Số định danh', c.applicant.idNumber],
    ['Điện thoại', c.applicant.phone],
    ['Thư điện tử', c.applicant.email],
    ['Địa chỉ', c.applicant.address],
  ]);
  const form = $('case-form');
  form.replaceChildren();
  for (const e of c.formEntries || []) {
    if (e.kind === 'section') form.append(el('dt', `${e.number} ${e.title}`, 'section'));
    else form.append(el('dt', e.title), el('dd', e.value));
  }
  const checklist = $('case-checklist');
  checklist.replaceChildren();
  for (const d of c.checklist || []) {
    const li = el('li', null, d.attached ? 'good' : d.required ? 'warn' : '');
    li.dataset.code = d.code;
    li.dataset.attached = String(d.attached);
    li.append(
      el('span', d.attached ? '☑ ' : '☐ ', 'mark'),
      `${d.name}${d.required ? ' (bắt buộc)' : ''}`,
      el('small', d.attached ? 'Người nộp đã đánh dấu có kèm theo' : 'Người nộp không đánh dấu'),
    );
    checklist.append(li);
  }
  showDocuments(c, (d) => openDocument(c.code, d), ' — chưa ký');
  showTimeline(c, (actor) => actor.name);
  showSignature(c);
  const buttons = $('action-buttons');
  buttons.replaceChildren();
  $('action-form').hidden = true;
  const actions = c.availableActions || [];
  $('actions').hidden = actions.length === 0;
  for (const a of actions) {
    const b = el('button', a.label);
    b.type = 'button';
    b.dataset.action = a.action;
    b.addEventListener('click', () => chooseAction(a));
    buttons.append(b);
  }
}

let polling = null;

/** The awaited signature of the case, if any: waiting (with a cancel), or why none came. */
function showSignature(c) {
  const box = $('signature-status');
  const p = c.pendingSignature;
  clearTimeout(polling);
  if (!p) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.className = `verdict ${p.status === 'PENDING' ? 'ok' : 'bad'}`;
  const until = p.expiresAt ? ` (hết hạn lúc ${when(p.expiresAt)})` : '';
  $('signature-text').textContent =
    p.status === 'PENDING'
      ? p.method === 'TOKEN'
        ? `Đang chờ token của ${p.official.name} ký văn bản${until}.`
        : `Đang chờ ${p.official.name} xác nhận chữ ký số trên điện thoại${until}.`
      : p.message;
  const mine = session.official && p.official.id === session.official.id;
  $('signature-cancel').hidden = !(p.status === 'PENDING' && mine);
  if (p.status === 'PENDING') polling = setTimeout(() => void refresh(c.code), 2000);
}

async function refresh(code) {
  if (!current || current.code !== code || $('case-view').hidden) return;
  try {
    const was = current.pendingSignature;
    const c = await api('GET', `/api/cases/${encodeURIComponent(code)}`);
    renderCase(c);
    if (was && was.status === 'PENDING' && !c.pendingSignature)
      say(`Đã ký số: hồ sơ chuyển sang bước “${c.stageLabel}”.`, true);
    else if (was && was.status === 'PENDING' && c.pendingSignature.status !== 'PENDING')
      say(c.pendingSignature.message, false);
  } catch (err) {
    say(err.message, false);
  }
}

/** The official's token signs what the server prepared; the answer is the case. */
async function signWithToken(code) {
  const plugin = window.MotCuaSign.tokenPlugin();
  const path = `/api/cases/${encodeURIComponent(code)}/signature`;
  const wanted = await api('GET', path);
  say(`Đang ký bằng token qua ${plugin.name}…`, true);
  const signatures = await plugin.sign({
    certificatePem: wanted.certificatePem,
    toBeSigned: wanted.items.map((i) => i.toBeSigned),
    digestAlgorithm: wanted.digestAlgorithm,
  });
  return api('POST', path, { signatures });
}

function chooseAction(a) {
  chosen = a;
  const methods = a.pin ? session.signingMethods : [];
  const select = $('method');
  select.replaceChildren(
    ...methods.map((m) => {
      const o = el('option', METHOD_LABELS[m] || m);
      o.value = m;
      return o;
    }),
  );
  $('method-field').hidden = methods.length < 2;
  $('reason-field').hidden = !a.reason;
  $('missing-field').hidden = !a.missingDocuments;
  $('reason').required = a.reason;
  $('missing').required = a.missingDocuments;
  showPin();
  // A supplement request starts from the required documents the applicant did not tick.
  if (a.missingDocuments && current && !$('missing').value.trim()) {
    $('missing').value = (current.checklist || [])
      .filter((d) => d.required && !d.attached)
      .map((d) => d.name)
      .join('\n');
  }
  // What the signature signs is shown before it is given (approve at once; reject after the reason).
  $('preview-field').hidden = !a.pin;
  $('action-preview').replaceChildren();
  $('action-form').hidden = false;
  if (a.pin && !a.reason) void preview();
}

async function preview() {
  if (!chosen || !current) return;
  const params = new window.URLSearchParams();
  if (chosen.reason && $('reason').value.trim()) params.set('reason', $('reason').value.trim());
  if ($('note').value.trim()) params.set('note', $('note').value.trim());
  const box = $('action-preview');
  box.replaceChildren(el('p', 'Đang lập văn bản…', 'muted'));
  try {
    const pdf = await api(
      'GET',
      `/api/cases/${encodeURIComponent(current.code)}/preview/${chosen.action}?${params}`,
    );
    await showPdf(box, await pdf.arrayBuffer(), 'Văn bản sẽ ký');
  } catch (err) {
    box.replaceChildren();
    say(err.message, false);
  }
}

function showPin() {
  const signed = chosen && chosen.pin;
  const pin = Boolean(signed && $('method').value === 'PIN');
  $('pin-field').hidden = !pin;
  $('pin').required = pin;
  $('confirm').textContent = signed ? `Ký số và ${chosen.label.toLowerCase()}` : chosen.label;
}

async function openCase(code) {
  say('');
  try {
    renderCase(await api('GET', `/api/cases/${encodeURIComponent(code)}`));
  } catch (err) {
    say(err.message, false);
  }
}

async function submitAction(e) {
  e.preventDefault();
  if (!chosen || !current) return;
  const body = { action: chosen.action };
  if (chosen.reason) body.reason = $('reason').value;
  if (chosen.missingDocuments) {
    body.missingDocuments = $('missing')
      .value.split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if ($('note').value.trim()) body.note = $('note').value.trim();
  const method = chosen.pin ? $('method').value : null;
  if (method) body.signingMethod = method;
  if (method === 'PIN') body.pin = $('pin').value;
  $('confirm').disabled = true;
  try {
    let updated = await api('POST', `/api/cases/${encodeURIComponent(current.code)}/actions`, body);
    $('action-form').reset();
    const p = updated.pendingSignature;
    if (p && p.status === 'PENDING' && p.method === 'TOKEN') {
      renderCase(updated);
      updated = await signWithToken(updated.code);
    }
    const q = updated.pendingSignature;
    if (q && q.status === 'PENDING')
      say('Yêu cầu ký số đã được gửi; hãy xác nhận trên điện thoại.', true);
    else if (q) say(q.message, false);
    else
      say(
        `Đã ${chosen.label.toLowerCase()}: hồ sơ chuyển sang bước “${updated.stageLabel}”.`,
        true,
      );
    renderCase(updated);
  } catch (err) {
    $('pin').value = '';
    say(err.message, false);
  } finally {
    $('confirm').disabled = false;
  }
}

function start() {
  const official = session.official;
  $('who').hidden = !official;
  if (!official) {
    show('login-view');
    return;
  }
  $('who-name').textContent = `${official.fullName} — ${official.title}`;
  showInbox().catch((err) => say(err.message, false));
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await signIn($('username').value, $('password').value);
      $('password').value = '';
      say('');
      start();
    } catch (err) {
      say(err.message, false);
    }
  });
  $('logout').addEventListener('click', () => {
    session.clear();
    say('');
    start();
  });
  $('back').addEventListener('click', () => {
    say('');
    start();
  });
  $('cancel').addEventListener('click', () => {
    $('action-form').reset();
    $('action-form').hidden = true;
  });
  $('action-form').addEventListener('submit', (e) => void submitAction(e));
  $('method').addEventListener('change', showPin);
  $('signature-cancel').addEventListener('click', async () => {
    try {
      const c = await api(
        'POST',
        `/api/cases/${encodeURIComponent(current.code)}/signature/cancel`,
      );
      say(c.pendingSignature ? c.pendingSignature.message : 'Đã hủy yêu cầu ký.', false);
      renderCase(c);
    } catch (err) {
      say(err.message, false);
    }
  });
  $('preview-button').addEventListener('click', () => void preview());
  $('inbox-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    inboxQuery.q = $('inbox-q').value.trim();
    inboxQuery.status = $('inbox-status').value;
    inboxQuery.page = 1;
    showInbox().catch((err) => say(err.message, false));
  });
  for (const [id, step] of [
    ['inbox-prev', -1],
    ['inbox-next', 1],
  ]) {
    $(id).addEventListener('click', () => {
      inboxQuery.page = Math.max(1, inboxQuery.page + step);
      showInbox().catch((err) => say(err.message, false));
    });
  }
  start();
});

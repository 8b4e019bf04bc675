// The supervisors' page (API.md "Supervision"): the figures of Decision 766 for a chosen period,
// unit, procedure and stage, four charts (Chart.js, served from its npm package), the list of
// cases with filters, search, sorting and paging, a case's story, and the reassign / escalate
// dialogs with batch actions. A unit's head sees their unit only (the server decides). Text only
// is inserted into the page; the sign-in is shared with the officials' page.
'use strict';

const PAGE_SIZE = 20;
/** When this browser's supervisor last opened the new alerts (the badge counts from then). */
const ALERTS_SEEN_KEY = 'motcua.supervision.alertsSeen';
const ALERTS_EVERY_MS = 60_000;

const { $, el, say, when, openBlob, session, signIn, officialApi } = window.MotCua;

const REASONS = {
  WORKFLOW_ENDED: 'Quy trình đã dừng',
  ACTIVITY_FAILING: 'Bước tự động bị lỗi',
  NO_ELIGIBLE_OFFICIAL: 'Không có cán bộ xử lý',
  OVERDUE: 'Quá hạn',
  AT_RISK: 'Sắp đến hạn',
  SILENT: 'Không có tiến triển',
};
const PROGRESS = {
  IN_PROGRESS_ON_TIME: 'Đang giải quyết trong hạn',
  IN_PROGRESS_LATE: 'Đang giải quyết quá hạn',
  RESOLVED_EARLY: 'Đã giải quyết trước hạn',
  RESOLVED_ON_TIME: 'Đã giải quyết đúng hạn',
  RESOLVED_LATE: 'Đã giải quyết quá hạn',
};

const state = {
  viewer: null,
  offset: 0,
  total: 0,
  items: [],
  selected: new Set(),
  charts: {},
  current: null, // the case open in the dialog
  reassignCodes: [],
};

/** Calls the API as the signed-in official; an expired session sends back to the sign-in form. */
const api = officialApi({
  signedOut: () => start(),
  words: (err) => (err.code === 'FORBIDDEN' ? `Không có quyền: ${err.message || ''}` : null),
});

const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (n) => new Intl.NumberFormat('vi-VN').format(n);

// ---------------------------------------------------------------------------------------------
// Scope and figures

function scopeParams() {
  const p = new window.URLSearchParams();
  for (const id of ['from', 'to', 'unit', 'procedure', 'stage']) {
    const v = $(id).value;
    if (v) p.set(id, v);
  }
  return p;
}

async function loadCatalogue() {
  const [units, procedures] = await Promise.all([
    fetch('/api/units').then((r) => r.json()),
    fetch('/api/procedures').then((r) => r.json()),
  ]);
  for (const u of units) $('unit').append(new window.Option(u.name, u.code));
  for (const p of procedures) $('procedure').append(new window.Option(p.name, p.code));
  for (const [code, label] of Object.entries(REASONS))
    $('reason').append(new window.Option(label, code));
}

function figure(label, value, cls, hint) {
  const box = el('div', null, `figure ${cls || ''}`);
  box.append(el('span', label, 'figure-label'), el('strong', value, 'figure-value'));
  if (hint) box.append(el('small', hint));
  return box;
}

function renderFigures(s) {
  const onTime = s.inProgressOnTime + s.resolvedEarly + s.resolvedOnTime;
  $('figures').replaceChildren(
    figure('Tiếp nhận', num(s.received), '', `trực tuyến ${pct(s.onlineRate)}`),
    figure('Đang giải quyết', num(s.inProgress), '', `quá hạn ${num(s.inProgressLate)}`),
    figure('Đúng hạn', num(onTime), 'good', `đã giải quyết ${num(s.resolved)}`),
    figure('Sắp đến hạn', num(s.atRisk), 'risk'),
    figure('Quá hạn', num(s.overdue), 'late'),
    figure('Vướng mắc', num(s.stuck), 'late', 'cần đôn đốc'),
    figure(
      'Tỷ lệ đúng hạn',
      pct(s.onTimeRate),
      'good',
      `từ chối ${num(s.refused)}, rút ${num(s.withdrawn)}, hết hạn bổ sung ${num(s.expired)}: không tính`,
    ),
    figure('Số hóa hồ sơ', pct(s.digitisedRate), '', 'hồ sơ có tệp đính kèm điện tử'),
  );
}

const COLORS = { green: '#1e6b34', red: '#b3261e', amber: '#b36b00', blue: '#2f5597' };

function chart(id, config) {
  if (!window.Chart) return; // the library failed to load: the figures and lists still work
  state.charts[id]?.destroy();
  config.options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom' } },
    ...config.options,
  };
  state.charts[id] = new window.Chart($(id), config);
}

/** A long axis label in lines of about `width` characters (Chart.js draws an array as lines). */
function lines(label, width = 24) {
  const out = [];
  for (const word of label.split(' ')) {
    const last = out[out.length - 1];
    if (last && last.length + word.length < width) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

function renderCharts(d) {
  if (window.Chart) window.Chart.defaults.font.family = "'Tinos', 'Times New Roman', serif";
  const units = d.units.filter((u) => u.received > 0 || u.inProgress > 0);
  chart('chart-units', {
    type: 'bar',
    data: {
      labels: units.map((u) => lines(u.unitName)),
      datasets: [
        {
          label: 'Tỷ lệ đúng hạn (%)',
          data: units.map((u) =>
            u.onTimeRate === null ? null : Math.round(u.onTimeRate * 1000) / 10,
          ),
          backgroundColor: COLORS.green,
        },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100 } } },
  });
  chart('chart-weeks', {
    type: 'line',
    data: {
      labels: d.weeks.map((w) => `Tuần ${w.week.slice(8, 10)}/${w.week.slice(5, 7)}`),
      datasets: [
        { label: 'Tiếp nhận', data: d.weeks.map((w) => w.received), borderColor: COLORS.blue },
        {
          label: 'Giải quyết đúng hạn',
          data: d.weeks.map((w) => w.resolvedOnTime),
          borderColor: COLORS.green,
        },
        {
          label: 'Giải quyết quá hạn',
          data: d.weeks.map((w) => w.resolvedLate),
          borderColor: COLORS.red,
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const stages = d.stages.filter((s) => s.open > 0 || s.visits > 0);
  chart('chart-stages', {
    type: 'bar',
    data: {
      labels: stages.map((s) => lines(s.stageLabel)),
      datasets: [
        { label: 'Quá hạn', data: stages.map((s) => s.overdue), backgroundColor: COLORS.red },
        { label: 'Sắp đến hạn', data: stages.map((s) => s.atRisk), backgroundColor: COLORS.amber },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
    },
  });
  chart('chart-time', {
    type: 'bar',
    data: {
      labels: stages.map((s) => lines(s.stageLabel)),
      datasets: [
        {
          label: 'Ngày làm việc trung bình',
          data: stages.map((s) => s.meanWorkingDays),
          backgroundColor: COLORS.blue,
        },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
  });
}

async function loadDashboard() {
  const d = await api('GET', `/api/supervision/dashboard?${scopeParams()}`);
  state.viewer = d.viewer;
  if (d.viewer.unit) {
    $('unit').value = d.viewer.unit;
    $('unit').disabled = true;
  }
  if ($('stage').options.length === 1) {
    for (const s of d.stages) $('stage').append(new window.Option(s.stageLabel, s.stage));
  }
  const sc = d.scope;
  $('scope-line').textContent =
    `Hồ sơ tiếp nhận ${sc.from ? `từ ${sc.from}` : 'từ đầu'} ${sc.to ? `đến ${sc.to}` : 'đến nay'}` +
    `${sc.unit ? `, đơn vị ${$('unit').selectedOptions[0]?.text || sc.unit}` : ', mọi đơn vị'}` +
    `; số liệu lúc ${when(d.generatedAt)}.`;
  renderFigures(d.summary);
  renderCharts(d);
}

// ---------------------------------------------------------------------------------------------
// The list

function statusCell(item) {
  const td = el('td');
  for (const r of item.reasons) {
    const cls = r.reason === 'AT_RISK' ? 'risk' : r.reason === 'SILENT' ? 'quiet' : 'late';
    const badge = el('span', REASONS[r.reason], `badge ${cls}`);
    badge.title = r.detail;
    td.append(badge, ' ');
  }
  if (!item.reasons.length) td.append(el('span', PROGRESS[item.progress] || '', 'muted'));
  if (item.escalated) td.append(el('small', ` đã đôn đốc ${item.escalated.count} lần`));
  return td;
}

function renderList() {
  const body = $('cases').tBodies[0];
  body.replaceChildren();
  for (const item of state.items) {
    const tr = el('tr');
    tr.dataset.code = item.code;
    const pick = el('input');
    pick.type = 'checkbox';
    pick.checked = state.selected.has(item.code);
    pick.setAttribute('aria-label', `Chọn ${item.code}`);
    pick.addEventListener('click', (e) => e.stopPropagation());
    pick.addEventListener('change', () => {
      if (pick.checked) state.selected.add(item.code);
      else state.selected.delete(item.code);
      renderBatch();
    });
    const check = el('td');
    check.append(pick);
    const code = el('td');
    code.append(el('strong', item.code), el('br'), el('small', item.procedureName));
    const stage = el('td');
    stage.append(el('span', item.stageLabel), el('br'), el('small', item.unitCode));
    if (item.assignee) stage.append(el('small', ` · ${item.assignee.name}`));
    const due = el('td', when(item.stageDueAt));
    if (item.overdueBy)
      due.append(el('br'), el('small', `trễ ${item.overdueBy.workingDays} ngày`, 'late-text'));
    tr.append(check, code, el('td', item.applicantName), stage, due, statusCell(item));
    tr.addEventListener('click', () => openCase(item.code).catch((err) => say(err.message, false)));
    body.append(tr);
  }
  $('cases-empty').hidden = state.items.length > 0;
  const last = Math.min(state.offset + state.items.length, state.total);
  $('page-line').textContent = state.total
    ? `Hồ sơ ${num(state.offset + 1)}–${num(last)} trong ${num(state.total)}`
    : '';
  $('prev').disabled = state.offset === 0;
  $('next').disabled = last >= state.total;
  $('select-all').checked =
    state.items.length > 0 && state.items.every((i) => state.selected.has(i.code));
  renderBatch();
}

function renderBatch() {
  const n = state.selected.size;
  $('batch-bar').hidden = n === 0 || !state.viewer?.canBatch;
  $('batch-count').textContent = `Đã chọn ${num(n)} hồ sơ`;
}

async function loadList() {
  const p = scopeParams();
  p.set('filter', $('filter').value);
  if ($('reason').value) p.set('reason', $('reason').value);
  if ($('q').value.trim()) p.set('q', $('q').value.trim());
  p.set('sort', $('sort').value);
  if ($('desc').checked) p.set('desc', 'true');
  p.set('offset', String(state.offset));
  p.set('limit', String(PAGE_SIZE));
  const page = await api('GET', `/api/supervision/cases?${p}`);
  state.items = page.items;
  state.total = page.total;
  renderList();
}

// ---------------------------------------------------------------------------------------------
// A case's story

function fact(dl, term, value) {
  dl.append(el('dt', term), el('dd', value));
}

async function openCase(code) {
  const d = await api('GET', `/api/supervision/cases/${encodeURIComponent(code)}`);
  state.current = d;
  const c = d.case;
  $('case-title').textContent = `Hồ sơ ${c.code}`;
  $('case-stage').textContent = `${c.procedureName} — ${c.stageLabel}`;
  const reasons = $('case-reasons');
  reasons.replaceChildren(
    ...(d.board?.reasons || []).map((r) => {
      const li = el('li');
      li.append(el('strong', `${REASONS[r.reason]}: `), r.detail);
      return li;
    }),
  );
  const facts = $('case-facts');
  facts.replaceChildren();
  fact(facts, 'Người nộp', c.applicant?.fullName || '—');
  fact(facts, 'Ngày tiếp nhận', when(c.submittedAt));
  fact(facts, 'Ngày hẹn trả', when(c.dueAt));
  fact(facts, 'Hạn bước hiện tại', when(c.stageDueAt));
  fact(facts, 'Cán bộ được giao', c.assignee?.name || 'Chưa phân công');
  if (d.board) fact(facts, 'Tình trạng (QĐ 766)', PROGRESS[d.board.progress] || '—');
  const link = $('case-temporal');
  link.hidden = !d.temporalUrl;
  if (d.temporalUrl) link.href = d.temporalUrl;
  const docs = $('case-documents');
  docs.replaceChildren(
    ...(c.documents || []).map((doc) => {
      const li = el('li');
      const open = el('button', doc.title, 'link');
      open.type = 'button';
      open.addEventListener('click', () =>
        openDocument(c.code, doc.id).catch((e) => say(e.message, false)),
      );
      li.append(open, el('small', ` ${when(doc.createdAt)}`));
      return li;
    }),
  );
  $('case-timeline').replaceChildren(
    ...(c.timeline || []).map((t) => {
      const li = el('li');
      li.append(el('strong', when(t.at)), ` ${t.actionLabel}`);
      if (t.actor) li.append(el('small', ` — ${t.actor.name}`));
      if (t.note) li.append(el('br'), el('small', t.note));
      return li;
    }),
  );
  const open = !['COMPLETED', 'CLOSED'].includes(c.stage);
  $('case-reassign').disabled = !open || d.candidates.length === 0;
  $('case-escalate').disabled = !open;
  if (!$('case-dialog').open) $('case-dialog').showModal();
}

async function openDocument(code, id) {
  const blob = await api(
    'GET',
    `/api/cases/${encodeURIComponent(code)}/documents/${encodeURIComponent(id)}`,
  );
  openBlob(blob);
}

// ---------------------------------------------------------------------------------------------
// Reassign, escalate, batch

function openReassign(codes, candidates) {
  state.reassignCodes = codes;
  $('reassign-what').textContent =
    codes.length === 1 ? `Hồ sơ ${codes[0]}` : `${num(codes.length)} hồ sơ đã chọn`;
  const to = $('reassign-to');
  to.replaceChildren(
    ...candidates.map((c) => new window.Option(`${c.fullName} — ${c.title}`, c.id)),
  );
  $('reassign-note').value = '';
  $('reassign-dialog').showModal();
}

async function submitReassign() {
  const codes = state.reassignCodes;
  const toOfficialId = $('reassign-to').value;
  const note = $('reassign-note').value.trim();
  if (codes.length === 1) {
    await api('POST', `/api/cases/${encodeURIComponent(codes[0])}/reassign`, {
      toOfficialId,
      ...(note ? { note } : {}),
    });
    say(`Đã giao hồ sơ ${codes[0]} cho ${$('reassign-to').selectedOptions[0].text}.`, true);
  } else {
    reportBatch(
      await api('POST', '/api/supervision/batch', {
        action: 'reassign',
        codes,
        toOfficialId,
        ...(note ? { note } : {}),
      }),
    );
  }
  $('reassign-dialog').close();
  $('case-dialog').close();
  await refresh();
}

function reportBatch(r) {
  const failed = r.results.filter((x) => !x.ok).map((x) => `${x.code}: ${x.message}`);
  say(
    `Đã thực hiện ${num(r.done)} hồ sơ${r.failed ? `; không thực hiện được ${num(r.failed)}: ${failed.join('; ')}` : '.'}`,
    r.failed === 0,
  );
  state.selected.clear();
}

async function batchReassign() {
  const codes = [...state.selected];
  // Whom to choose from: the officials who may take the first selected case's stage (the server
  // checks each case: one of another unit or stage is reported, not reassigned).
  const d = await api('GET', `/api/supervision/cases/${encodeURIComponent(codes[0])}`);
  if (!d.candidates.length) throw new Error('Không có cán bộ nào có thể nhận các hồ sơ đã chọn.');
  openReassign(codes, d.candidates);
}

async function batchRetry() {
  reportBatch(
    await api('POST', '/api/supervision/batch', { action: 'retry', codes: [...state.selected] }),
  );
  await refresh();
}

async function submitEscalate() {
  const code = state.current.case.code;
  const r = await api('POST', `/api/supervision/cases/${encodeURIComponent(code)}/escalate`, {
    note: $('escalate-note').value.trim(),
  });
  $('escalate-dialog').close();
  $('case-dialog').close();
  say(`Đã đôn đốc hồ sơ ${code} (lần ${r.count}); ${num(r.notified)} thông báo đã gửi.`, true);
  await refresh();
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The badge: cases that went overdue or at risk since the supervisor last looked (a day at most)

async function loadAlerts() {
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const seen = localStorage.getItem(ALERTS_SEEN_KEY);
  const p = scopeParams();
  p.set('since', seen && seen > dayAgo ? seen : dayAgo);
  const a = await api('GET', `/api/supervision/alerts?${p}`);
  const n = a.overdue + a.atRisk;
  const badge = $('alerts');
  badge.hidden = n === 0;
  badge.textContent = `${num(n)} hồ sơ mới cần chú ý: ${num(a.overdue)} quá hạn, ${num(a.atRisk)} sắp đến hạn`;
  badge.title = `Từ ${when(a.since)}. Bấm để xem danh sách.`;
  badge.dataset.filter = a.overdue > 0 ? 'overdue' : 'atRisk';
}

async function showAlerts() {
  localStorage.setItem(ALERTS_SEEN_KEY, new Date().toISOString());
  $('filter').value = $('alerts').dataset.filter || 'overdue';
  $('alerts').hidden = true;
  state.offset = 0;
  await loadList();
  $('list-form').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

let alertsTimer = null;

async function refresh() {
  await Promise.all([loadDashboard(), loadList(), loadAlerts()]);
}

async function download(table, format) {
  const p = scopeParams();
  p.set('table', table);
  p.set('format', format);
  if (table === 'cases') {
    p.set('filter', $('filter').value);
    if ($('reason').value) p.set('reason', $('reason').value);
    if ($('q').value.trim()) p.set('q', $('q').value.trim());
  }
  const blob = await api('GET', `/api/supervision/export?${p}`);
  const link = el('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${table}.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function start() {
  const official = session.official;
  $('who').hidden = !official;
  if (!session.token || !official) {
    $('login-view').hidden = false;
    $('dash-view').hidden = true;
    return;
  }
  $('login-view').hidden = true;
  $('dash-view').hidden = false;
  $('who-name').textContent = `${official.fullName} — ${official.title}`;
  refresh().catch((err) => say(err.message, false));
  window.clearInterval(alertsTimer);
  alertsTimer = window.setInterval(() => {
    if (session.token) loadAlerts().catch(() => undefined);
  }, ALERTS_EVERY_MS);
}

/** Runs an event handler, reporting its failure in the message box. */
const guard = (fn) => (e) => {
  e?.preventDefault?.();
  Promise.resolve()
    .then(fn)
    .catch((err) => say(err.message, false));
};

/** The same for a dialog's form: its failure is told inside the dialog (the page is behind it). */
const guardIn = (dialog, fn) => (e) => {
  e.preventDefault();
  const box = $(dialog).querySelector('.dialog-error');
  box.hidden = true;
  Promise.resolve()
    .then(fn)
    .catch((err) => {
      box.textContent = err.message;
      box.hidden = false;
    });
};

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener(
    'submit',
    guard(async () => {
      await signIn($('username').value, $('password').value);
      $('password').value = '';
      say('');
      start();
    }),
  );
  $('logout').addEventListener('click', () => {
    session.clear();
    say('');
    start();
  });
  $('scope-form').addEventListener(
    'submit',
    guard(async () => {
      state.offset = 0;
      await refresh();
    }),
  );
  $('list-form').addEventListener(
    'submit',
    guard(async () => {
      state.offset = 0;
      await loadList();
    }),
  );
  $('filter').addEventListener(
    'change',
    guard(async () => {
      state.offset = 0;
      await loadList();
    }),
  );
  $('prev').addEventListener(
    'click',
    guard(async () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      await loadList();
    }),
  );
  $('next').addEventListener(
    'click',
    guard(async () => {
      state.offset += PAGE_SIZE;
      await loadList();
    }),
  );
  $('select-all').addEventListener('change', () => {
    for (const i of state.items) {
      if ($('select-all').checked) state.selected.add(i.code);
      else state.selected.delete(i.code);
    }
    renderList();
  });
  $('alerts').addEventListener('click', guard(showAlerts));
  $('batch-reassign').addEventListener('click', guard(batchReassign));
  $('batch-retry').addEventListener('click', guard(batchRetry));
  $('case-close').addEventListener('click', () => $('case-dialog').close());
  $('case-reassign').addEventListener('click', () =>
    openReassign([state.current.case.code], state.current.candidates),
  );
  $('case-escalate').addEventListener('click', () => {
    $('escalate-note').value = '';
    $('escalate-dialog').showModal();
  });
  $('reassign-form').addEventListener('submit', guardIn('reassign-dialog', submitReassign));
  $('reassign-cancel').addEventListener('click', () => $('reassign-dialog').close());
  $('escalate-form').addEventListener('submit', guardIn('escalate-dialog', submitEscalate));
  $('escalate-cancel').addEventListener('click', () => $('escalate-dialog').close());
  for (const b of document.querySelectorAll('[data-export]')) {
    b.addEventListener(
      'click',
      guard(() => download(b.dataset.export, b.dataset.format)),
    );
  }
  loadCatalogue()
    .catch((err) => say(err.message, false))
    .finally(start);
});

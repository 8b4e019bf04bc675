// Following a dossier with its code and tracking token: stage, timeline, the signed documents
// (downloaded with the token), and withdrawal before a decision. Values go in as text only.
'use strict';

const { $, el, say, when, openBlob, showDocuments, showTimeline, LANGUAGE } = window.MotCua;
const WITHDRAWABLE = [
  'VERIFICATION',
  'SUPPLEMENT_REQUESTED',
  'WARD_APPROVAL',
  'DEPARTMENT_APPROVAL',
];

async function call(method, path, body) {
  const headers = { ...LANGUAGE, 'X-Tracking-Token': $('token').value.trim() };
  const form = body instanceof FormData;
  if (body && !form) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body && (form ? body : JSON.stringify(body)),
  });
  const isJson = (res.headers.get('content-type') || '').includes('json');
  const data = isJson ? await res.json().catch(() => null) : await res.blob();
  if (!res.ok) {
    const err = new Error(
      res.status === 404
        ? 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này.'
        : (data && data.error && data.error.message) || `Máy chủ trả lời lỗi ${res.status}.`,
    );
    err.status = res.status;
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw err;
  }
  return data;
}

const casePath = () => `/api/cases/${encodeURIComponent($('code').value.trim())}`;

function render(c) {
  $('case').hidden = false;
  $('case-title').textContent = `${c.code} — ${c.applicant.fullName}`;
  $('case-stage').textContent =
    `${c.stageLabel}${c.outcomeLabel ? ` · kết quả: ${c.outcomeLabel}` : ''} · hẹn trả kết quả: ${when(c.dueAt)}`;
  showDocuments(c, async (d) => {
    try {
      openBlob(await call('GET', `${casePath()}/documents/${d.id}`));
    } catch (err) {
      say(err.message, false);
    }
  });
  showTimeline(c, (actor) => `${actor.name}, ${actor.title}`);
  $('withdraw-form').hidden = !WITHDRAWABLE.includes(c.stage);
  const asked = c.stage === 'SUPPLEMENT_REQUESTED' && c.supplement;
  $('supplement-form').hidden = !asked;
  if (asked) {
    $('supplement-request').textContent =
      `Cơ quan yêu cầu bổ sung các giấy tờ sau, hạn cuối ${when(c.supplement.dueAt)}` +
      (c.supplement.note ? ` (${c.supplement.note})` : '') +
      ':';
    $('supplement-missing').replaceChildren(
      ...c.supplement.missingDocuments.map((d) => el('li', d)),
    );
  }
}

/** How long the page keeps waiting for a case being opened (503 with Retry-After). */
const OPENING_PATIENCE_MS = 120_000;

function working(text) {
  $('working').hidden = !text;
  $('working-text').textContent = text || '';
}

/**
 * Shows the case. Just after filing, the case may still be being opened: the API answers 503
 * with Retry-After, and the page says so and asks again after that many seconds, for a while.
 */
async function load() {
  say('');
  const started = Date.now();
  const button = $('track-form').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    for (;;) {
      try {
        render(await call('GET', casePath()));
        return;
      } catch (err) {
        const waitS = Math.min(Math.max(err.retryAfter || 0, 1), 30);
        if (err.status !== 503 || Date.now() - started + waitS * 1000 > OPENING_PATIENCE_MS) {
          throw err;
        }
        working(`${err.message} Trang sẽ tự tải lại sau ${waitS} giây.`);
        await new Promise((resolve) => setTimeout(resolve, waitS * 1000));
      }
    }
  } catch (err) {
    $('case').hidden = true;
    say(err.message, false);
  } finally {
    working('');
    button.disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  // The link sent to the applicant: /tra-cuu?MHS=<code>#t=<token> (domain/tracking.ts). The token
  // never reaches a server in the address; it moves to this tab's sessionStorage and leaves the
  // address bar, so a copied address or a bookmark does not carry it.
  const query = new window.URLSearchParams(location.search);
  const fragment = new window.URLSearchParams(location.hash.slice(1));
  const code =
    query.get('MHS') || (location.hash && !fragment.has('t') ? location.hash.slice(1) : '');
  if (code) $('code').value = decodeURIComponent(code);
  const key = `motcua.token.${$('code').value.trim()}`;
  if (fragment.get('t')) {
    sessionStorage.setItem(key, fragment.get('t'));
    window.history.replaceState(null, '', location.pathname + location.search);
  }
  const saved = $('code').value.trim() && sessionStorage.getItem(key);
  if (saved) $('token').value = saved;
  $('track-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  if ($('code').value.trim() && $('token').value.trim()) void load();
  $('supplement-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = new FormData();
    if ($('supplement-note').value.trim()) body.set('note', $('supplement-note').value);
    for (const f of $('supplement-files').files) body.append('attachments', f, f.name);
    try {
      render(await call('POST', `${casePath()}/supplement`, body));
      $('supplement-form').reset();
      say('Đã gửi hồ sơ bổ sung.', true);
    } catch (err) {
      say(err.message, false);
    }
  });
  // Withdrawal cannot be undone: the first button asks, the second one withdraws.
  const confirmShown = (shown) => {
    $('withdraw-confirm').hidden = !shown;
    $('withdraw-ask').hidden = shown;
    $('reason').readOnly = shown;
    if (shown) $('withdraw-yes').focus();
  };
  $('withdraw-form').addEventListener('submit', (e) => {
    e.preventDefault();
    say('');
    confirmShown(true);
  });
  $('withdraw-no').addEventListener('click', () => {
    confirmShown(false);
    $('withdraw-ask').focus();
  });
  $('withdraw-yes').addEventListener('click', async () => {
    $('withdraw-yes').disabled = true;
    try {
      render(await call('POST', `${casePath()}/withdraw`, { reason: $('reason').value }));
      confirmShown(false);
      say('Đã rút hồ sơ.', true);
    } catch (err) {
      confirmShown(false);
      say(err.message, false);
    } finally {
      $('withdraw-yes').disabled = false;
    }
  });
});

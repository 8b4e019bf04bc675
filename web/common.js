// What every page of web/ shares, as window.MotCua: text-only DOM building, the message box,
// times in Asia/Ho_Chi_Minh, opening a fetched document in a new tab, calling the API, a case's
// documents and timeline, and the
// signed-in official's session, sign-in form and API (the officials' and the supervisors' pages).
'use strict';

(() => {
  const formats = new Map();
  /** A time as "17:00 02/12/2026" (with seconds when asked); "—" when there is none. */
  function when(iso, { seconds = false } = {}) {
    if (!iso) return '—';
    if (!formats.has(seconds)) {
      formats.set(
        seconds,
        new Intl.DateTimeFormat('vi-VN', {
          timeZone: 'Asia/Ho_Chi_Minh',
          hour: '2-digit',
          minute: '2-digit',
          ...(seconds ? { second: '2-digit' } : {}),
          day: '2-digit',
          month: '2-digit',
          year: 'numeric',
        }),
      );
    }
    return formats.get(seconds).format(new Date(iso));
  }

  const $ = (id) => document.getElementById(id);

  /** An element with text content (never HTML) and an optional class. */
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  /** Shows `text` in the page's #message box, green when `ok`; hides it when empty. */
  function say(text, ok) {
    const box = $('message');
    box.textContent = text;
    box.className = `verdict ${ok ? 'ok' : 'bad'}`;
    box.hidden = !text;
    if (text) box.scrollIntoView({ block: 'nearest' });
  }

  /** Opens a downloaded document (a Blob) in a new tab. */
  function openBlob(blob) {
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.target = '_blank';
    link.rel = 'noopener';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  /**
   * The page's language asked of the API, whatever the browser's own preference: a Vietnamese page
   * gets Vietnamese messages even in an English browser (contract/messages.ts, languageOf).
   */
  const LANGUAGE = { 'Accept-Language': document.documentElement.lang || 'vi' };

  /**
   * Calls the API: JSON (or FormData) in, JSON or a Blob out. A refusal throws an Error whose
   * message is the server's (Vietnamese, from its catalogue), with `code`, `details`, `status`
   * and `retryAfter` (seconds) for the page to act on; a network failure says so in Vietnamese.
   */
  async function request(method, path, { body, headers = {} } = {}) {
    const form = body instanceof FormData;
    const h = { ...LANGUAGE, ...headers };
    if (body !== undefined && !form) h['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: h,
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch {
      throw new Error('Không kết nối được máy chủ; vui lòng kiểm tra mạng và thử lại.');
    }
    const isJson = (res.headers.get('content-type') || '').includes('json');
    const data = isJson ? await res.json().catch(() => null) : await res.blob();
    if (res.ok) return data;
    const error = (data && data.error) || {};
    const err = new Error(error.message || `Máy chủ trả lời lỗi ${res.status}.`);
    err.code = error.code;
    err.details = error.details;
    err.status = res.status;
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw err;
  }

  /** Working days left as words: "còn 2,5 ngày làm việc", "quá hạn 1 ngày làm việc". */
  function daysLeft(days) {
    if (days === null || days === undefined) return '';
    const n = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(Math.abs(days));
    return days < 0 ? `quá hạn ${n} ngày làm việc` : `còn ${n} ngày làm việc`;
  }

  /**
   * A case's documents in the page's #case-documents: each a button that `open(d)`s it, with who
   * signed it (`unsigned`: what to say of a document nobody signed).
   */
  function showDocuments(c, open, unsigned = '') {
    const docs = $('case-documents');
    docs.replaceChildren();
    for (const d of c.documents) {
      const li = el('li');
      const button = el('button', d.title, 'link');
      button.type = 'button';
      button.addEventListener('click', () => void open(d));
      const signers = d.signatures.map((s) => s.signerName).join(', ');
      li.append(button, el('small', signers ? ` — ký bởi ${signers}` : unsigned));
      docs.append(li);
    }
  }

  /** A case's timeline in the page's #case-timeline: "time: what — `who(actor)` (note)". */
  function showTimeline(c, who) {
    $('case-timeline').replaceChildren(
      ...c.timeline.map((t) => {
        const by = t.actor ? ` — ${who(t.actor)}` : '';
        return el(
          'li',
          `${when(t.at)}: ${t.actionLabel || t.action}${by}${t.note ? ` (${t.note})` : ''}`,
        );
      }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // The signed-in official (the officials' and the supervisors' pages share the session)

  const TOKEN_KEY = 'motcua.token';
  const OFFICIAL_KEY = 'motcua.official';
  const METHODS_KEY = 'motcua.signingMethods';

  const session = {
    get token() {
      return sessionStorage.getItem(TOKEN_KEY);
    },
    get official() {
      const raw = sessionStorage.getItem(OFFICIAL_KEY);
      return raw ? JSON.parse(raw) : null;
    },
    /** The signing methods the official may use (the PIN when the server named none). */
    get signingMethods() {
      return JSON.parse(sessionStorage.getItem(METHODS_KEY) || '["PIN"]');
    },
    save(token, official, signingMethods) {
      sessionStorage.setItem(TOKEN_KEY, token);
      sessionStorage.setItem(OFFICIAL_KEY, JSON.stringify(official));
      sessionStorage.setItem(METHODS_KEY, JSON.stringify(signingMethods || ['PIN']));
    },
    clear() {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.removeItem(OFFICIAL_KEY);
      sessionStorage.removeItem(METHODS_KEY);
    },
  };

  /** Signs in and keeps the session; a wrong name or password is said in plain words. */
  async function signIn(username, password) {
    try {
      const data = await request('POST', '/api/auth/login', { body: { username, password } });
      session.save(data.token, data.official, data.signingMethods);
      return data;
    } catch (err) {
      if (err.code === 'UNAUTHENTICATED') {
        throw new Error('Tên đăng nhập hoặc mật khẩu không đúng.');
      }
      throw err;
    }
  }

  /**
   * The API as the signed-in official: `api(method, path, body)`. An expired session is cleared and
   * `signedOut()` called (the page shows its sign-in form); `words(err)` may say a refusal in the
   * page's own terms (null: the server's message).
   */
  function officialApi({ signedOut, words = () => null }) {
    return async (method, path, body) => {
      try {
        return await request(method, path, {
          body,
          headers: { Authorization: `Bearer ${session.token}` },
        });
      } catch (err) {
        if (err.code === 'UNAUTHENTICATED') {
          session.clear();
          signedOut();
          throw new Error('Phiên làm việc đã hết hạn; hãy đăng nhập lại.');
        }
        const said = words(err);
        if (said) throw new Error(said);
        throw err;
      }
    };
  }

  /** An element `tag` with the attributes `attrs` and the children `children` (text or nodes). */
  function build(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  /**
   * The sign-in form in the page's #login-view (a heading first, the page's own lead kept under
   * it) and the signed-in official's name with "Đăng xuất" in its #who: the same markup on the
   * officials' and the supervisors' pages, rendered before their own scripts run.
   */
  function renderSignIn() {
    const view = $('login-view');
    const who = $('who');
    if (!view || !who) return;
    view.prepend(el('h1', 'Đăng nhập'));
    view.append(
      build(
        'form',
        { id: 'login-form', class: 'stack' },
        build(
          'label',
          {},
          'Tên đăng nhập ',
          build('input', { id: 'username', autocomplete: 'username', required: '' }),
        ),
        build(
          'label',
          {},
          'Mật khẩu ',
          build('input', {
            id: 'password',
            type: 'password',
            autocomplete: 'current-password',
            required: '',
          }),
        ),
        build('button', { type: 'submit' }, 'Đăng nhập'),
      ),
    );
    who.append(
      build('span', { id: 'who-name' }),
      build('button', { type: 'button', class: 'link', id: 'logout' }, 'Đăng xuất'),
    );
  }
  renderSignIn();

  window.MotCua = {
    $,
    el,
    say,
    when,
    openBlob,
    request,
    daysLeft,
    showDocuments,
    showTimeline,
    LANGUAGE,
    session,
    signIn,
    officialApi,
  };
})();

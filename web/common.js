// What every page of web/ shares, as window.MotCua: text-only DOM building, the message box,
// times in Asia/Ho_Chi_Minh, and opening a fetched document in a new tab.
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

  window.MotCua = { $, el, say, when, openBlob };
})();

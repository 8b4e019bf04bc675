// Filing a dossier, in three steps the page shows:
//   1. fill in: the applicant's fields and the e-form (apply-form.js) with their hints; the server
//      checks everything at once (POST /api/applications/check) and every problem shows under
//      its field;
//   2. review: a signing key is made, certified, the application prepared, and the form the
//      citizen is about to sign is shown as it will be printed (pdf-view.js);
//   3. sign and submit: the browser signs `toBeSigned`, submits the signature and the files, and
//      waits while the case is opened; the answer links to the case with its tracking token.
// The signer is a separate piece (`browserKeySigner`): a key made in this browser (WebCrypto, not
// extractable) and certified by the development citizen CA.
'use strict';

const { $, el, say, request, showPdf, applyForm } = window.MotCua;
let procedures = [];
/** The signer and the prepared application of the review step. */
let review = null;

const pem = (der, label) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...new Uint8Array(der)))
    .match(/.{1,64}/g)
    .join('\n')}\n-----END ${label}-----\n`;

/** A key made in this browser and certified for the applicant: `{ certificatePem, sign }`. */
async function browserKeySigner(applicant) {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = await crypto.subtle.exportKey('spki', keys.publicKey);
  const cert = await request('POST', '/api/applicant-certificates', {
    body: {
      fullName: applicant.fullName,
      idNumber: applicant.idNumber,
      publicKeyPem: pem(spki, 'PUBLIC KEY'),
    },
  }).catch((err) => {
    // The certificate's fields are the applicant's: show its problems beside those inputs.
    if (Array.isArray(err.details))
      err.details = err.details.map((d) => ({ ...d, field: `applicant.${d.field}` }));
    throw err;
  });
  return {
    certificatePem: cert.certificatePem,
    async sign(toBeSigned) {
      const signature = await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        keys.privateKey,
        Uint8Array.from(atob(toBeSigned), (c) => c.charCodeAt(0)),
      );
      return btoa(String.fromCharCode(...new Uint8Array(signature)));
    },
  };
}

function applicant() {
  const a = {};
  for (const name of ['fullName', 'idNumber', 'phone', 'email', 'address']) {
    const value = $(name).value.trim();
    if (value !== '' || name !== 'email') a[name] = value;
  }
  return a;
}

function application(certificatePem) {
  return {
    procedureCode: $('procedure').value,
    wardCode: $('ward').value,
    applicant: applicant(),
    form: applyForm.formValue(),
    attachedDocumentCodes: [...$('documents').querySelectorAll('input:checked')].map(
      (b) => b.value,
    ),
    ...(certificatePem ? { signerCertificatePem: certificatePem } : {}),
  };
}

function showProcedure() {
  const p = procedures.find((x) => x.code === $('procedure').value);
  const fields = $('form-fields');
  fields.replaceChildren();
  const docs = $('documents');
  docs.replaceChildren();
  if (!p) return;
  fields.append(applyForm.renderSchema(p.formSchema, '', true));
  for (const d of p.requiredDocuments) {
    const label = el('label', null, 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.value = d.code;
    box.checked = d.required;
    label.append(box, el('span', `${d.name}${d.required ? ' (bắt buộc)' : ''}`));
    docs.append(label);
  }
}

/** Which step the page is at: fill, review or sign. */
function step(name) {
  for (const s of ['fill', 'review', 'sign']) {
    const li = $(`step-${s}`);
    if (s === name) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  $('apply-form').hidden = name !== 'fill';
  $('review').hidden = name !== 'review';
}

/** The busy state: what is happening now, or nothing. */
function working(text) {
  $('working').hidden = !text;
  $('working-text').textContent = text || '';
}

function showError(err) {
  if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details) && err.details.length) {
    step('fill');
    const rest = applyForm.showProblems(err.details);
    say(`${err.message} Xem các ô được đánh dấu.${rest.length ? ` ${rest.join(' ')}` : ''}`, false);
  } else {
    say(err.message, false);
  }
}

async function toReview(e) {
  e.preventDefault();
  applyForm.clearProblems();
  say('');
  $('submit').disabled = true;
  try {
    working('Đang kiểm tra tờ khai…');
    await request('POST', '/api/applications/check', { body: application() });
    working('Đang tạo khóa ký số…');
    const signer = await browserKeySigner(applicant());
    working('Đang lập tờ khai…');
    const prepared = await request('POST', '/api/applications/prepare', {
      body: application(signer.certificatePem),
    });
    const form = await request('GET', prepared.formPdfUrl);
    review = { signer, prepared, idempotencyKey: crypto.randomUUID() };
    step('review');
    working('Đang hiển thị tờ khai…');
    await showPdf($('form-preview'), await form.arrayBuffer(), 'Tờ khai');
    $('review-title').focus({ preventScroll: true });
    $('review').scrollIntoView({ block: 'start' });
  } catch (err) {
    showError(err);
  } finally {
    working('');
    $('submit').disabled = false;
  }
}

async function signAndSubmit() {
  if (!review) return;
  say('');
  $('sign').disabled = true;
  $('edit').disabled = true;
  step('sign');
  $('review').hidden = false;
  try {
    working('Đang ký số tờ khai…');
    const body = new FormData();
    body.set('signature', await review.signer.sign(review.prepared.toBeSigned));
    for (const file of $('attachments').files) body.append('attachments', file, file.name);
    working('Đang nộp hồ sơ và khởi tạo hồ sơ trên hệ thống… Vui lòng không đóng trang này.');
    const done = await request(
      'POST',
      `/api/applications/${review.prepared.applicationId}/submit`,
      {
        body,
        // The same key if the citizen repeats after an outage: the same case, never two.
        headers: { 'Idempotency-Key': review.idempotencyKey },
      },
    );
    $('review').hidden = true;
    $('done').hidden = false;
    $('done-code').textContent = done.code;
    $('done-token').textContent = done.trackingToken;
    $('done-due').textContent = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      dateStyle: 'full',
    }).format(new Date(done.dueAt));
    // The token in the fragment: never sent to a server, never in a Referer (domain/tracking.ts).
    $('done-link').href =
      `/tra-cuu?MHS=${encodeURIComponent(done.code)}#t=${encodeURIComponent(done.trackingToken)}`;
    for (const s of ['fill', 'review', 'sign']) $(`step-${s}`).removeAttribute('aria-current');
    say('Đã nộp hồ sơ.', true);
    review = null;
  } catch (err) {
    if (err.code === 'NOT_FOUND' || err.code === 'SIGNATURE_INVALID') {
      review = null;
      step('fill');
    } else step('review');
    showError(err);
  } finally {
    working('');
    $('sign').disabled = false;
    $('edit').disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  try {
    const [list, units, api] = await Promise.all([
      request('GET', '/api/procedures'),
      request('GET', '/api/units'),
      request('GET', '/api/openapi.json'),
    ]);
    procedures = list;
    applyForm.renderApplicant($('applicant-fields'), api.components.schemas.Applicant);
    for (const p of procedures) {
      const o = el('option', p.name);
      o.value = p.code;
      $('procedure').append(o);
    }
    for (const u of units.filter((x) => x.kind === 'WARD')) {
      const o = el('option', u.name);
      o.value = u.code;
      $('ward').append(o);
    }
  } catch (err) {
    say(err.message, false);
  }
  $('procedure').addEventListener('change', showProcedure);
  $('apply-form').addEventListener('submit', (e) => void toReview(e));
  $('sign').addEventListener('click', () => void signAndSubmit());
  $('edit').addEventListener('click', () => {
    review = null;
    say('');
    step('fill');
  });
  $('review-title').tabIndex = -1;
  showProcedure();
});

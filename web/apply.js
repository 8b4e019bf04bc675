// Filing a dossier, in three steps the page shows:
//   1. fill in: the applicant's fields and the e-form (apply-form.js) with their hints, and the
//      signing method; the server checks everything at once (POST /api/applications/check) and
//      every problem shows under its field;
//   2. review: the signer's certificate comes from the method chosen — a remote signing service
//      (CSC: the server asks it, the applicant confirms on their phone), a PKCS#12 file opened in
//      the page, a token through its plugin (signing.js), or, in development only, a key made here
//      and certified by the development citizen CA — the application is prepared for it, and the
//      form the citizen is about to sign is shown as it will be printed (pdf-view.js);
//   3. sign and submit: `toBeSigned` is signed, the signature and the files submitted, and the
//      page waits while the case is opened; the answer links to the case with its tracking token.
'use strict';

const { $, el, say, request, showPdf, applyForm } = window.MotCua;
const { openPkcs12, tokenPlugin } = window.MotCuaSign;
const post = (path, body) => request('POST', path, { body });
let procedures = [];
/** The signer and the prepared application of the review step. */
let review = null;

const pem = (der, label) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...new Uint8Array(der)))
    .match(/.{1,64}/g)
    .join('\n')}\n-----END ${label}-----\n`;

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
    working('Đang lấy chứng thư số…');
    const signer = await signerFor(chosenMethod(), applicant());
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
    body.set(
      'signature',
      await review.signer.sign(review.prepared.toBeSigned, review.prepared.applicationId),
    );
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

const chosenMethod = () => (document.querySelector('input[name="method"]:checked') || {}).value;

function showMethod() {
  const method = chosenMethod();
  for (const part of document.querySelectorAll('#signing [data-for]')) {
    part.hidden = part.dataset.for !== method;
  }
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** The remote service signs the prepared form once the applicant confirms on their phone. */
async function remoteSignature(applicationId, provider, credentialId) {
  let answer = await post(
    `/api/applications/${encodeURIComponent(applicationId)}/remote-signature`,
    {
      provider,
      credentialId,
    },
  );
  while (answer.status === 'PENDING') {
    say('Hãy mở ứng dụng ký số trên điện thoại và xác nhận chữ ký cho tờ khai này.', true);
    await wait(2000);
    answer = await request(
      'GET',
      `/api/applications/${encodeURIComponent(applicationId)}/remote-signature`,
    );
  }
  if (answer.status !== 'SIGNED')
    throw new Error(answer.message || 'Chữ ký số không được xác nhận.');
  return answer.signature;
}

/** `{ certificatePem, sign(toBeSigned, applicationId) }` for the chosen method. */
async function signerFor(method, applicant) {
  if (method === 'remote') {
    const provider = $('provider').value;
    const cert = await post('/api/remote-signing/certificate', {
      provider,
      credentialId: $('credentialId').value.trim(),
    });
    return {
      certificatePem: cert.certificatePem,
      sign: (_tbs, applicationId) => remoteSignature(applicationId, provider, cert.credentialId),
    };
  }
  if (method === 'p12') {
    const file = $('p12-file').files[0];
    if (!file) throw new Error('Hãy chọn tệp chứng thư số (.p12, .pfx).');
    return openPkcs12(file, $('p12-password').value);
  }
  if (method === 'token') {
    const plugin = tokenPlugin();
    const [cert] = await plugin.certificates();
    if (!cert) throw new Error('Token không có chứng thư số.');
    return {
      certificatePem: cert.certificatePem,
      sign: async (tbs) =>
        (
          await plugin.sign({
            certificatePem: cert.certificatePem,
            toBeSigned: [tbs],
            digestAlgorithm: 'SHA-256',
          })
        )[0],
    };
  }
  if (method !== 'dev') throw new Error('Hãy chọn cách ký số.');
  // Development only: a key made here, certified by the deployment's development citizen CA.
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = await crypto.subtle.exportKey('spki', keys.publicKey);
  const cert = await post('/api/applicant-certificates', {
    fullName: applicant.fullName,
    idNumber: applicant.idNumber,
    publicKeyPem: pem(spki, 'PUBLIC KEY'),
  }).catch((err) => {
    // The certificate's fields are the applicant's: show its problems beside those inputs.
    if (Array.isArray(err.details)) {
      err.details = err.details.map((d) => ({ ...d, field: `applicant.${d.field}` }));
    }
    throw err;
  });
  return {
    certificatePem: cert.certificatePem,
    sign: async (tbs) =>
      btoa(
        String.fromCharCode(
          ...new Uint8Array(
            await crypto.subtle.sign(
              { name: 'ECDSA', hash: 'SHA-256' },
              keys.privateKey,
              Uint8Array.from(atob(tbs), (c) => c.charCodeAt(0)),
            ),
          ),
        ),
      ),
  };
}

async function loadMethods() {
  const methods = await request('GET', '/api/signing/methods');
  const offered = {
    remote: methods.providers.length > 0,
    p12: methods.pkcs12,
    token: methods.token,
    dev: methods.developmentKey,
  };
  for (const label of $('signing-methods').querySelectorAll('[data-method]')) {
    label.hidden = !offered[label.dataset.method];
  }
  for (const p of methods.providers) {
    const o = el('option', p.name);
    o.value = p.id;
    $('provider').append(o);
  }
  const first = ['dev', 'remote', 'p12', 'token'].find((m) => offered[m]);
  const radio = document.querySelector(`input[name="method"][value="${first}"]`);
  if (radio) radio.checked = true;
  showMethod();
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
  $('signing-methods').addEventListener('change', showMethod);
  await loadMethods().catch((err) => say(err.message, false));
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

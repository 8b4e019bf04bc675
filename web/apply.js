// Filing a dossier: the e-form is generated from the procedure's JSON Schema; on submit the
// applicant's certificate comes from the signing method they chose — a remote signing service
// (CSC: the server asks it, the applicant confirms on their phone), a PKCS#12 file opened in the
// page, a token through its plugin (signing.js), or, in development only, a key made here and
// certified by the development citizen CA — then the application is prepared for it, its
// `toBeSigned` signed, and the signature submitted with the files. Field problems the server
// reports are shown beside their fields. Values go in as text only.
'use strict';

const { $, el, say } = window.MotCua;
const { openPkcs12, tokenPlugin } = window.MotCuaSign;
let procedures = [];

/** One input (or a fieldset of them) per schema property, named by its dotted path. */
function renderSchema(schema, path, required) {
  if (schema.type === 'object') {
    const set = el('fieldset');
    set.append(el('legend', schema.title || path || 'Tờ khai'));
    const req = new Set(schema.required || []);
    for (const [key, child] of Object.entries(schema.properties || {})) {
      set.append(renderSchema(child, path ? `${path}.${key}` : key, req.has(key)));
    }
    return set;
  }
  const label = el('label', schema.title || path);
  let input;
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((o) => 'const' in o)) {
    input = el('select');
    input.append(el('option', '— chọn —'));
    input.firstChild.value = '';
    for (const o of schema.oneOf) {
      const opt = el('option', o.title || o.const);
      opt.value = o.const;
      input.append(opt);
    }
  } else {
    input = el('input');
    if (schema.type === 'number' || schema.type === 'integer') {
      input.type = 'number';
      input.step = schema.type === 'integer' ? '1' : 'any';
    } else if (schema.format === 'date') input.type = 'date';
    else if (schema.format === 'email') input.type = 'email';
    if (schema.maxLength) input.maxLength = schema.maxLength;
  }
  input.dataset.path = `form.${path}`;
  input.dataset.type = schema.type;
  input.required = required;
  label.append(input);
  return label;
}

function formValue() {
  const form = {};
  for (const input of $('form-fields').querySelectorAll('[data-path]')) {
    const raw = input.value.trim();
    if (raw === '') continue;
    const value =
      input.dataset.type === 'number' || input.dataset.type === 'integer' ? Number(raw) : raw;
    const keys = input.dataset.path.split('.').slice(1);
    let node = form;
    keys.slice(0, -1).forEach((k) => (node = node[k] = node[k] || {}));
    node[keys[keys.length - 1]] = value;
  }
  return form;
}

function showProcedure() {
  const p = procedures.find((x) => x.code === $('procedure').value);
  const fields = $('form-fields');
  fields.replaceChildren();
  const docs = $('documents');
  docs.replaceChildren();
  if (!p) return;
  fields.append(renderSchema(p.formSchema, '', true));
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

function clearErrors() {
  for (const e of document.querySelectorAll('.field-error')) e.remove();
}

/** Shows each `{ field, message }` beside its input; the rest in the message box. */
function showProblems(details) {
  const unplaced = [];
  for (const p of details || []) {
    const input = document.querySelector(`[data-path="${CSS.escape(p.field)}"]`);
    if (input) input.after(el('span', p.message, 'field-error'));
    else unplaced.push(`${p.field}: ${p.message}`);
  }
  return unplaced;
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: body instanceof FormData ? {} : { 'Content-Type': 'application/json' },
    body: body instanceof FormData ? body : JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) {
    const err = new Error(data.error.message);
    err.details = data.error.details;
    throw err;
  }
  return data;
}

const pem = (der, label) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...new Uint8Array(der)))
    .match(/.{1,64}/g)
    .join('\n')}\n-----END ${label}-----\n`;

async function submit(e) {
  e.preventDefault();
  clearErrors();
  say('');
  const button = $('submit');
  button.disabled = true;
  try {
    const applicant = {
      fullName: $('fullName').value,
      idNumber: $('idNumber').value,
      phone: $('phone').value,
      address: $('address').value,
    };
    if ($('email').value.trim()) applicant.email = $('email').value;
    const signer = await signerFor(chosenMethod(), applicant);
    button.textContent = 'Đang lập tờ khai…';
    const prepared = await post('/api/applications/prepare', {
      procedureCode: $('procedure').value,
      wardCode: $('ward').value,
      applicant,
      form: formValue(),
      attachedDocumentCodes: [...$('documents').querySelectorAll('input:checked')].map(
        (b) => b.value,
      ),
      signerCertificatePem: signer.certificatePem,
    });
    button.textContent = 'Đang ký số…';
    const signature = await signer.sign(prepared.toBeSigned, prepared.applicationId);
    const body = new FormData();
    body.set('signature', signature);
    for (const file of $('attachments').files) body.append('attachments', file, file.name);
    button.textContent = 'Đang nộp hồ sơ…';
    const done = await post(`/api/applications/${prepared.applicationId}/submit`, body);
    $('apply-form').hidden = true;
    $('done').hidden = false;
    $('done-code').textContent = done.code;
    $('done-token').textContent = done.trackingToken;
    $('done-due').textContent = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      dateStyle: 'full',
    }).format(new Date(done.dueAt));
    $('done-link').href = `/track.html#${encodeURIComponent(done.code)}`;
    say('Đã nộp hồ sơ.', true);
  } catch (err) {
    const rest = showProblems(err.details);
    say(
      err.details && err.details.length
        ? `Hồ sơ chưa hợp lệ: xem các ô được đánh dấu.${rest.length ? ` ${rest.join('; ')}` : ''}`
        : err.message,
      false,
    );
  } finally {
    button.disabled = false;
    button.textContent = 'Ký số và nộp hồ sơ';
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
    const res = await fetch(
      `/api/applications/${encodeURIComponent(applicationId)}/remote-signature`,
    );
    answer = await res.json();
    if (!res.ok) throw new Error(answer.error.message);
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
  const methods = await (await fetch('/api/signing/methods')).json();
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
  procedures = await (await fetch('/api/procedures')).json();
  const units = await (await fetch('/api/units')).json();
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
  $('procedure').addEventListener('change', showProcedure);
  $('signing-methods').addEventListener('change', showMethod);
  await loadMethods();
  $('apply-form').addEventListener('submit', (e) => void submit(e));
  showProcedure();
});

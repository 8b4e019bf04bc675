// A browsable view of /api/openapi.json (generated from contract/operations.ts, the schemas the
// server enforces): each operation with its parameters, its request body's schema and example,
// and every answer — success and error — with its schema and example. Long schemas are folded.
'use strict';

const { el } = window.MotCua;

/** The schema with its `$ref`s inlined (a cycle or a deep nesting stays a reference). */
function inline(schema, components, seen = new Set(), depth = 0) {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components, seen, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.has(name) || depth > 12 || !components[name]) return { $ref: schema.$ref };
    return inline(components[name], components, new Set([...seen, name]), depth + 1);
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = inline(v, components, seen, depth + 1);
  return out;
}

/** A folded block: its summary line, then the JSON (focusable, for keyboards to scroll it). */
function block(title, value) {
  const details = el('details');
  const pre = el('pre', JSON.stringify(value, null, 2));
  pre.tabIndex = 0;
  details.append(el('summary', title), pre);
  return details;
}

function operation(path, method, op, components) {
  const section = el('section', null, 'operation');
  const head = el('h2');
  head.append(el('span', method.toUpperCase(), `badge method ${method}`), ' ', el('code', path));
  section.append(head, el('p', op.summary));
  if (op.description) section.append(el('p', op.description, 'muted'));
  if (op.security) {
    const ways = op.security.map((s) =>
      s.bearer ? 'Authorization: Bearer <token>' : 'X-Tracking-Token: <mã tra cứu>',
    );
    section.append(el('p', `Xác thực: ${ways.join(' hoặc ')}`, 'muted'));
  }
  if (op.parameters && op.parameters.length) {
    const ul = el('ul');
    for (const p of op.parameters) {
      const li = el('li');
      li.append(el('code', p.name), ` (${p.in})${p.required ? ' — bắt buộc' : ''}`);
      if (p.description) li.append(` — ${p.description}`);
      ul.append(li);
    }
    section.append(el('h3', 'Tham số'), ul);
  }
  if (op.requestBody) {
    section.append(el('h3', 'Nội dung gửi'));
    for (const [type, media] of Object.entries(op.requestBody.content)) {
      section.append(block(`Lược đồ (${type})`, inline(media.schema, components)));
      if (media.example !== undefined) section.append(block('Ví dụ', media.example));
    }
  }
  section.append(el('h3', 'Trả lời'));
  for (const [status, r] of Object.entries(op.responses)) {
    const answer = el('div', null, 'answer');
    answer.append(el('p', `${status} — ${r.description}`));
    if (r.headers) answer.append(el('p', `Tiêu đề: ${Object.keys(r.headers).join(', ')}`, 'muted'));
    for (const [type, media] of Object.entries(r.content || {})) {
      const schema = inline(media.schema, components);
      if (schema && Object.keys(schema).length) answer.append(block(`Lược đồ (${type})`, schema));
      if (media.example !== undefined) answer.append(block('Ví dụ', media.example));
    }
    section.append(answer);
  }
  if (op['x-example']) section.append(block('Ví dụ lời gọi', op['x-example']));
  return section;
}

document.addEventListener('DOMContentLoaded', async () => {
  const doc = await (await fetch('/api/openapi.json', { headers: window.MotCua.LANGUAGE })).json();
  document.getElementById('title').textContent = doc.info.title;
  document.getElementById('description').textContent = doc.info.description;
  const components = (doc.components && doc.components.schemas) || {};
  const list = document.getElementById('operations');
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      list.append(operation(path, method, op, components));
    }
  }
});

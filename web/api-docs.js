// A browsable view of /api/openapi.json: each operation with its parameters, body and answers.
'use strict';

const { el } = window.MotCua;

function schemaText(schema, components) {
  const resolve = (s) => (s && s.$ref ? components[s.$ref.split('/').pop()] || s : s);
  return JSON.stringify(resolve(schema), null, 2);
}

document.addEventListener('DOMContentLoaded', async () => {
  const doc = await (await fetch('/api/openapi.json', { headers: window.MotCua.LANGUAGE })).json();
  document.getElementById('title').textContent = doc.info.title;
  document.getElementById('description').textContent = doc.info.description;
  const components = (doc.components && doc.components.schemas) || {};
  const list = document.getElementById('operations');
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const section = el('section', null, 'operation');
      const head = el('h2');
      head.append(
        el('span', method.toUpperCase(), `badge method ${method}`),
        ' ',
        el('code', path),
      );
      section.append(head, el('p', op.summary));
      if (op.security && op.security.some((s) => s.bearer)) {
        section.append(el('p', 'Authorization: Bearer <token>', 'muted'));
      }
      if (op.parameters && op.parameters.length) {
        const ul = el('ul');
        for (const p of op.parameters)
          ul.append(el('li', `${p.name} (${p.in})${p.required ? ' — bắt buộc' : ''}`));
        section.append(el('h3', 'Tham số'), ul);
      }
      if (op.requestBody) {
        for (const [type, media] of Object.entries(op.requestBody.content)) {
          section.append(
            el('h3', `Nội dung gửi (${type})`),
            el('pre', schemaText(media.schema, components)),
          );
        }
      }
      const answers = el('ul');
      for (const [status, r] of Object.entries(op.responses))
        answers.append(el('li', `${status}: ${r.description}`));
      section.append(el('h3', 'Trả lời'), answers);
      list.append(section);
    }
  }
});

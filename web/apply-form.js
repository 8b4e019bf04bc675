// The filing page's form, built from schemas: the applicant's fields with the titles and hints the
// API publishes (components.schemas.Applicant of /api/openapi.json), the e-form from the
// procedure's JSON Schema (titles, and the hints of formatted fields in `description`). Each input
// is named by its dotted path (data-path), as the server names a field's problems, and its hint
// is linked to it (aria-describedby). Values go in as text only.
'use strict';

(() => {
  const { $, el } = window.MotCua;
  let hintCount = 0;

  /** A label with its input, the hint under it when there is one. */
  function labelled(title, input, hint) {
    const label = el('label', null, 'field');
    label.append(el('span', title, 'field-title'), input);
    if (hint) {
      const small = el('small', hint, 'hint');
      small.id = `hint-${++hintCount}`;
      input.setAttribute('aria-describedby', small.id);
      label.append(small);
    }
    return label;
  }

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
        input.inputMode = schema.type === 'integer' ? 'numeric' : 'decimal';
      } else if (schema.format === 'date') input.type = 'date';
      else if (schema.format === 'email') input.type = 'email';
      if (schema.maxLength) input.maxLength = schema.maxLength;
      if (Array.isArray(schema.examples) && schema.examples[0] !== undefined)
        input.placeholder = String(schema.examples[0]);
    }
    input.dataset.path = `form.${path}`;
    input.dataset.type = schema.type;
    input.required = required;
    // A date picker shows the date its own way: the wire format's hint would only confuse.
    const hint = schema.format === 'date' ? null : schema.description;
    return labelled(`${schema.title || path}${required ? ' *' : ''}`, input, hint);
  }

  /** The applicant's fields, titled and hinted from the API's published schema. */
  function renderApplicant(container, schema) {
    const props = (schema && schema.properties) || {};
    const required = new Set((schema && schema.required) || []);
    const inputs = {
      fullName: { autocomplete: 'name' },
      idNumber: { inputmode: 'numeric', autocomplete: 'off' },
      phone: { type: 'tel', autocomplete: 'tel' },
      email: { type: 'email', autocomplete: 'email' },
      address: { autocomplete: 'street-address' },
    };
    container.replaceChildren();
    for (const [name, attrs] of Object.entries(inputs)) {
      const p = props[name] || {};
      const input = el('input');
      input.id = name;
      input.dataset.path = `applicant.${name}`;
      for (const [k, v] of Object.entries(attrs)) input.setAttribute(k, v);
      input.required = required.has(name);
      if (p.maxLength) input.maxLength = p.maxLength;
      const title = `${p.title || name}${input.required ? ' *' : ''}`;
      container.append(labelled(title, input, p.description));
    }
  }

  /** The e-form's values, typed as the schema says; empty inputs are left out. */
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

  function clearProblems() {
    for (const e of document.querySelectorAll('.field-error')) e.remove();
    for (const i of document.querySelectorAll('[aria-invalid]')) {
      i.removeAttribute('aria-invalid');
      if (i.dataset.hints) i.setAttribute('aria-describedby', i.dataset.hints);
      else i.removeAttribute('aria-describedby');
    }
  }

  /** Shows each `{ field, message }` under its input; returns the ones with no input. */
  function showProblems(details) {
    const unplaced = [];
    let first = null;
    for (const p of details || []) {
      const input = document.querySelector(`[data-path="${CSS.escape(p.field)}"]`);
      if (!input) {
        unplaced.push(p.message);
        continue;
      }
      const note = el('span', p.message, 'field-error');
      note.id = `error-${p.field.replace(/[^A-Za-z0-9]/g, '-')}`;
      input.closest('label').append(note);
      input.setAttribute('aria-invalid', 'true');
      const described = input.getAttribute('aria-describedby');
      if (described) input.dataset.hints = described;
      input.setAttribute('aria-describedby', described ? `${note.id} ${described}` : note.id);
      first = first || input;
    }
    if (first) first.focus({ preventScroll: true });
    return unplaced;
  }

  window.MotCua.applyForm = {
    renderSchema,
    renderApplicant,
    formValue,
    clearProblems,
    showProblems,
  };
})();

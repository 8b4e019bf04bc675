/**
 * Field problems name fields of the schema only: a request key that is a property of every
 * JavaScript object (`constructor`, `toString`, `__proto__`) is an unknown field like any other,
 * not a lookup into Object.prototype (the fuzz suite found a 500 there).
 */
import { problemAt } from '../../contract/problems';
import { formProblems } from '../../contract/form-problems';
import { PrepareApplicationRequest } from '../../contract/schemas';

test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
  'an unknown key %s is titled by its own name',
  (key) => {
    const p = problemAt(PrepareApplicationRequest, [key], 'rule.unknownField');
    expect(p.field).toBe(key);
    expect(p.message).toEqual({
      key: 'rule.unknownField',
      params: { title: key, titleEn: key },
    });
  },
);

test('a form error under a key such as constructor is titled by its path', () => {
  const [p] = formProblems(
    [
      {
        instancePath: '/constructor',
        schemaPath: '#/additionalProperties',
        keyword: 'type',
        params: { type: 'string' },
      },
    ] as never,
    { type: 'object', properties: { name: { type: 'string', title: 'Tên' } } },
  );
  expect(p?.field).toBe('form.constructor');
  expect(p?.message.params).toMatchObject({ title: 'form.constructor' });
});

/** The README stays true: its configuration table, commands and demo accounts match the code. */
import fs from 'node:fs';
import path from 'node:path';
import { listDemoOfficials, listProcedures } from '../../domain/catalogue';
import { CONFIG_VARIABLES } from '../../runtime/config';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

test('every configuration variable is in the table', () => {
  const missing = Object.keys(CONFIG_VARIABLES).filter(
    (name) => !readme.includes(`| \`${name}\` |`),
  );
  expect(missing).toEqual([]);
});

test('every npm command the README shows exists', () => {
  const used = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1] as string);
  expect(used.length).toBeGreaterThan(3);
  expect(used.filter((s) => !(s in scripts))).toEqual([]);
  expect(readme).toContain('npm start');
  expect(readme).toContain('npm test');
});

test('the demo accounts and procedures listed are the seeded ones', () => {
  for (const o of listDemoOfficials()) {
    expect(readme).toMatch(
      new RegExp(`\\| \`${o.username.replace('.', '\\.')}\` \\| ${o.roles.join(', ')} \\|`),
    );
  }
  for (const p of listProcedures()) expect(readme).toContain(p.code);
});

/** The README stays true: its configuration table, commands and demo accounts match the code. */
import fs from 'node:fs';
import path from 'node:path';
import { loadCaseContext } from '../../activities/case-context';
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
  const used = [...readme.matchAll(/npm run (?:-s )?([a-z:-]+)/g)].map((m) => m[1] as string);
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

test('the case the README drives by hand is one the workflow accepts, acted on by real accounts', async () => {
  const section = readme.slice(readme.indexOf('## Driving a case by hand'));
  const json = /cat > \/tmp\/case\.json <<EOF\n([\s\S]*?)\nEOF/.exec(section)?.[1];
  expect(json).toBeDefined();
  const input = JSON.parse((json ?? '').replace('$C', 'X')) as {
    procedureCode: string;
    wardCode: string;
    applicant: unknown;
    form: unknown;
  };
  const context = await loadCaseContext(input);
  expect(context.procedure.chain).toEqual(['WARD']);
  const accounts = new Map(listDemoOfficials().map((o) => [o.username, o]));
  const actors = [...section.matchAll(/'(\{"id":[^']+\})'/g)];
  expect(actors).toHaveLength(2);
  for (const m of actors) {
    const actor = JSON.parse(m[1] as string) as { username: string; fullName: string };
    expect(accounts.get(actor.username)?.fullName).toBe(actor.fullName);
  }
});

/** The files and names a "where each behaviour lives" table points at that do not exist. */
function deadReferences(text: string): { rows: number; missing: string[] } {
  const start = text.indexOf('| behaviour | first hop | second hop |');
  const table = text.slice(start, text.indexOf('\n\n', start));
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| behaviour'));
  const missing: string[] = [];
  for (const row of rows) {
    // A file in back-quotes, then the names in back-quotes that follow it in the same cell.
    for (const cell of row.split('|').slice(2)) {
      let file: string | null = null;
      for (const [, ticked] of cell.matchAll(/`([^`]+)`/g)) {
        const name = ticked as string;
        if (/\.(ts|js)$/.test(name)) {
          file = name;
          if (!fs.existsSync(path.join(ROOT, file))) missing.push(file);
        } else if (file && /^[A-Za-z_]\w*$/.test(name)) {
          const source = fs.existsSync(path.join(ROOT, file))
            ? fs.readFileSync(path.join(ROOT, file), 'utf8')
            : '';
          if (!new RegExp(`\\b${name}\\b`).test(source)) missing.push(`${file} ${name}`);
        }
      }
    }
  }
  return { rows: rows.length, missing };
}

test.each([
  ['README.md', readme],
  ['docs/architecture.md', fs.readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8')],
])('every file and name in the table of where each behaviour lives in %s exists', (_, text) => {
  const { rows, missing } = deadReferences(text);
  expect(rows).toBeGreaterThanOrEqual(8);
  expect(missing).toEqual([]);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * domain/ is imported by Temporal workflow code: it must stay deterministic and free of I/O and
 * Node-only modules. This scans the sources (comments stripped) for what would break that.
 */
const ROOT = join(__dirname, '..', '..', 'domain');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const FORBIDDEN: Array<[RegExp, string]> = [
  [/Date\.now\s*\(/, 'Date.now()'],
  [/new Date\(\s*\)/, 'new Date() without an argument'],
  [/Math\.random\s*\(/, 'Math.random()'],
  [/\brequire\s*\(/, 'require()'],
  [/\bprocess\./, 'process'],
  [/from\s+['"](node:|fs|path|os|crypto|http|https|net|child_process)/, 'a Node module'],
  [/from\s+['"](ajv|mongoose|express|@temporalio)/, 'a runtime dependency'],
  [/toLocale\w*String\s*\(/, 'locale/ICU-dependent formatting'],
  [/\bIntl\./, 'Intl (ICU time-zone data)'],
];

test('domain/ sources are pure: no clock, randomness, I/O, Node modules or ICU time zones', () => {
  const files = sources(ROOT);
  expect(files.length).toBeGreaterThan(5);
  const problems: string[] = [];
  for (const file of files) {
    const text = code(file);
    for (const [re, what] of FORBIDDEN) {
      if (re.test(text)) problems.push(`${relative(ROOT, file)}: ${what}`);
    }
  }
  expect(problems).toEqual([]);
});

test('domain/ sources are NFC (Vietnamese text stored precomposed)', () => {
  for (const file of sources(ROOT)) {
    const text = readFileSync(file, 'utf8');
    expect([relative(ROOT, file), text === text.normalize('NFC')]).toEqual([
      relative(ROOT, file),
      true,
    ]);
  }
});

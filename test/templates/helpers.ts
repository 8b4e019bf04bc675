/** Running the PDF tools on rendered documents, for the template tests. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tools } from './tools';

const run = promisify(execFile);

/** A scratch directory removed by `cleanup()`. */
export function scratch(): {
  dir: string;
  file: (name: string, bytes?: Uint8Array) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'templates-test-'));
  return {
    dir,
    file: (name, bytes) => {
      const path = join(dir, name);
      if (bytes) writeFileSync(path, bytes);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Text of a PDF by pdftotext, with or without `-layout`. */
export async function pdfText(path: string, layout: boolean): Promise<string> {
  const { pdftotext } = await tools();
  const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'];
  const { stdout } = await run(pdftotext, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface BboxWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** Every word with its box (points, origin top left) from `pdftotext -bbox`. */
export async function pdfWords(
  path: string,
): Promise<{ pages: { width: number; height: number }[]; words: BboxWord[] }> {
  const { pdftotext } = await tools();
  const { stdout } = await run(pdftotext, ['-bbox', '-enc', 'UTF-8', path, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages: { width: number; height: number }[] = [];
  const words: BboxWord[] = [];
  for (const line of stdout.split('\n')) {
    const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line);
    if (page) pages.push({ width: Number(page[1]), height: Number(page[2]) });
    const word =
      /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(
        line,
      );
    if (word) {
      words.push({
        page: pages.length,
        xMin: Number(word[1]),
        yMin: Number(word[2]),
        xMax: Number(word[3]),
        yMax: Number(word[4]),
        text: word[5] ?? '',
      });
    }
  }
  return { pages, words };
}

/** Rasterise with pdftoppm; returns the PNG paths. */
export async function pdfToPng(
  path: string,
  prefix: string,
  dpi = 80,
  firstPageOnly = false,
): Promise<void> {
  const { pdftoppm } = await tools();
  const range = firstPageOnly ? ['-f', '1', '-l', '1'] : [];
  await run(pdftoppm, ['-png', '-r', String(dpi), ...range, path, prefix]);
}

/** Grey-scale raster of page 1 as raw PGM bytes. */
export async function pdfToGray(path: string, prefix: string, dpi = 100): Promise<Buffer> {
  const { pdftoppm } = await tools();
  await run(pdftoppm, [
    '-gray',
    '-r',
    String(dpi),
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    path,
    prefix,
  ]);
  return readFileSync(`${prefix}.pgm`);
}

/** `qpdf --check`: exit code and output. */
export async function qpdfCheck(path: string): Promise<{ code: number; output: string }> {
  const { qpdf } = await tools();
  try {
    const { stdout, stderr } = await run(qpdf, ['--check', path]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    };
  }
}

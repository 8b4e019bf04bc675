/**
 * Text preparation and word wrapping: NFC normalisation, whitespace clean-up, rich-text runs
 * broken into lines that fit a width, and words longer than a line split between graphemes.
 */
import type { FontStyle } from '../fonts';

/** A piece of text in one font style. */
export interface Run {
  text: string;
  style: FontStyle;
}

/** Text as given to the layout functions: plain (in the paragraph's style) or styled runs. */
export type RichText = string | readonly Run[];

/** One drawn piece of a line. */
export interface Segment {
  text: string;
  style: FontStyle;
  width: number;
}

export interface Line {
  segments: Segment[];
  width: number;
}

/** Measures a string in one style at the paragraph's size. */
export type Measure = (text: string, style: FontStyle) => number;

/** Zero-width characters, soft hyphens and bidirectional controls (which would reorder text). */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff\u00ad]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * NFC, line breaks unified to "\n", tabs and other spaces turned into plain spaces, invisible,
 * bidirectional and control characters removed (the API refuses them already; this is the last
 * guard for text from anywhere else). Every string drawn goes through this first. No-break spaces stay:
 * they glue words together when wrapping, and are drawn as plain spaces.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '');
}

export function toRuns(text: RichText, style: FontStyle): Run[] {
  return typeof text === 'string' ? [{ text, style }] : [...text];
}

/** The characters of a rich text, for measuring what a paragraph says. */
export function plainText(text: RichText): string {
  return typeof text === 'string' ? text : text.map((run) => run.text).join('');
}

interface Piece {
  text: string;
  style: FontStyle;
}

/** A word: pieces glued together without a space (a word may change style inside). */
type Word = Piece[];

/** Units kept on the line of the number before them ("780 m²", "75.000 đồng"). */
const UNIT = /^(m²|m³|m|cm|mm|km|ha|tầng|đồng|VNĐ|%)[.,;:)]*$/u;

/** Paragraph content split into lines of words; an empty line stands for a blank line. */
function splitWords(runs: readonly Run[]): Word[][] {
  const lines: Word[][] = [[]];
  let glue = false; // the next piece continues the previous word
  for (const run of runs) {
    const text = cleanText(run.text);
    const tokens = text.split(/(\n| +)/);
    for (const token of tokens) {
      if (token === '') continue;
      if (token === '\n') {
        lines.push([]);
        glue = false;
      } else if (token.startsWith(' ')) {
        glue = false;
      } else {
        const current = lines[lines.length - 1] as Word[];
        const last = current[current.length - 1];
        const lastText = last?.[last.length - 1]?.text ?? '';
        if (glue && last) last.push({ text: token, style: run.style });
        else if (last && UNIT.test(token) && /\d$/.test(lastText)) {
          last.push({ text: `\u00a0${token}`, style: run.style });
        } else current.push([{ text: token, style: run.style }]);
        glue = true;
      }
    }
  }
  return lines;
}

const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Characters after which a long token (a URL, a code) is preferably broken. Not "-": text
 * extractors take a line-final hyphen for hyphenation and drop it.
 */
const SOFT_BREAK_AFTER = new Set(['/', '?', '&', '=', '_', ',', ';', ':']);

/**
 * Split a word wider than `width` into a head that fits and the rest, between graphemes,
 * preferring a break after a URL separator when one falls in the second half of the head.
 */
function splitLongWord(word: Word, width: number, measure: Measure): [Word, Word] {
  const units: Piece[] = word.flatMap((piece) =>
    graphemes(piece.text).map((g) => ({ text: g, style: piece.style })),
  );
  let used = 0;
  let end = 0;
  let softEnd = -1;
  while (end < units.length) {
    const unit = units[end] as Piece;
    const w = measure(unit.text, unit.style);
    if (used + w > width && end > 0) break;
    used += w;
    end += 1;
    if (SOFT_BREAK_AFTER.has(unit.text) && end > 1) softEnd = end;
  }
  if (end < units.length && softEnd > end / 2) end = softEnd;
  return [mergePieces(units.slice(0, end)), mergePieces(units.slice(end))];
}

function mergePieces(pieces: Piece[]): Word {
  const merged: Word = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.style === piece.style) last.text += piece.text;
    else merged.push({ ...piece });
  }
  return merged;
}

function wordWidth(word: Word, measure: Measure): number {
  return word.reduce((sum, piece) => sum + measure(piece.text, piece.style), 0);
}

const NO_BREAK_SPACE = /\u00a0/g;

/** Join words with no-break spaces so that wrapping keeps them on one line. */
export function glue(words: string): string {
  return words.trim().split(/ +/).join('\u00a0');
}

/** Turn a line's words into drawable segments: same-style neighbours merged, spaces kept. */
function toLine(words: Word[], measure: Measure): Line {
  const segments: Segment[] = [];
  words.forEach((word, index) => {
    word.forEach((piece, pieceIndex) => {
      const last = segments[segments.length - 1];
      const spaced = index > 0 && pieceIndex === 0;
      if (last && spaced) last.text += ' ';
      if (last && last.style === piece.style) last.text += piece.text;
      else segments.push({ text: piece.text, style: piece.style, width: 0 });
    });
  });
  let width = 0;
  for (const segment of segments) {
    segment.text = segment.text.replace(NO_BREAK_SPACE, ' ');
    segment.width = measure(segment.text, segment.style);
    width += segment.width;
  }
  // A trailing space on the last segment is never produced; the width is exact.
  return { segments, width };
}

/**
 * Break rich text into lines no wider than `width` (the first line is `firstIndent` narrower, the
 * others `restIndent` narrower). Greedy, breaking at spaces; hard line breaks ("\n") are kept; a
 * word that does not fit on a line of its own is split between graphemes. Never returns a line
 * wider than allowed.
 */
export function wrapText(
  runs: readonly Run[],
  width: number,
  measureText: Measure,
  firstIndent = 0,
  restIndent = 0,
): Line[] {
  const measure: Measure = (text, style) => measureText(text.replace(NO_BREAK_SPACE, ' '), style);
  const lines: Line[] = [];
  const available = () => Math.max(1, width - (lines.length === 0 ? firstIndent : restIndent));
  for (const paragraphWords of splitWords(runs)) {
    let current: Word[] = [];
    let currentWidth = 0;
    const flush = () => {
      lines.push(toLine(current, measure));
      current = [];
      currentWidth = 0;
    };
    const queue = [...paragraphWords];
    while (queue.length > 0) {
      const word = queue.shift() as Word;
      const w = wordWidth(word, measure);
      const prev = current[current.length - 1];
      const space = prev ? measure(' ', (prev[prev.length - 1] as Piece).style) : 0;
      if (currentWidth + space + w <= available()) {
        current.push(word);
        currentWidth += space + w;
      } else if (current.length > 0) {
        flush();
        queue.unshift(word);
      } else {
        // Alone on its line and still too wide: the head fills this line, the rest goes on.
        const [head, rest] = splitLongWord(word, available(), measure);
        current = [head];
        currentWidth = wordWidth(head, measure);
        if (rest.length > 0) {
          flush();
          queue.unshift(rest);
        }
      }
    }
    flush();
  }
  return lines;
}

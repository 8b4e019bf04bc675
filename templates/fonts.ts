/**
 * The Times-New-Roman-metric-compatible Tinos family (OFL, npm `@expo-google-fonts/tinos`; its
 * bytes from the one loader, signing/pdf/fonts.ts) embedded in documents, and a fontkit that
 * subsets it correctly.
 *
 * Why a wrapped fontkit: `@pdf-lib/fontkit` 1.1.1 writes a subset's `loca` table in the short
 * format whenever the subset is small, halving every offset, but copies glyph records verbatim.
 * Tinos has a long `loca` with about a third of its glyph records of odd length, so the halved
 * offsets land one byte off and most glyphs render blank (text extraction still works, which hides
 * the bug). Padding every copied glyph record to an even length makes the short offsets exact.
 * The signing code must embed the font through {@link embedFontFamily} / {@link subsetFontkit}
 * for the same reason.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { fontPackageDir, fontPath, loadFontBytes, type FontStyle } from '../signing/pdf/fonts';

export type { FontStyle };
export { fontPath, loadFontBytes };

export const FONT_STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Name of the font family, for appearance streams and metadata. */
export const FONT_FAMILY = 'Tinos';

/** Vertical metrics of Tinos (identical in the four styles), as fractions of the font size. */
export const FONT_METRICS = { ascent: 1825 / 2048, descent: 443 / 2048 } as const;

/** The bytes of the four styles. */
export function loadFontFamilyBytes(): Record<FontStyle, Uint8Array> {
  return {
    regular: loadFontBytes('regular'),
    bold: loadFontBytes('bold'),
    italic: loadFontBytes('italic'),
    boldItalic: loadFontBytes('boldItalic'),
  };
}

/** The font licence text (SIL OFL 1.1) shipped with the package. */
export function fontLicenceText(): string {
  return readFileSync(join(fontPackageDir(), 'LICENSE_FONT'), 'utf8');
}

/** The private parts of fontkit's TrueType subset that the fix touches. */
interface TtfSubsetInternals {
  glyf?: Uint8Array[];
  offset?: number;
  _addGlyph?: (gid: number) => number;
}

/** The (bundled, polyfilled) Buffer class of fontkit's glyph records. */
interface BufferClass {
  alloc(size: number): Uint8Array;
}

type FontkitFont = ReturnType<typeof fontkit.create>;

function padGlyphRecords(subset: TtfSubsetInternals): void {
  const addGlyph = subset._addGlyph;
  if (typeof addGlyph !== 'function') return; // CFF subset or another fontkit: nothing to fix
  subset._addGlyph = function (this: TtfSubsetInternals, gid: number): number {
    const index = addGlyph.call(this, gid);
    const record = this.glyf?.[index];
    if (record && record.length % 2 === 1 && typeof this.offset === 'number') {
      // Same Buffer class as the record: fontkit's bundled stream rejects other chunk types.
      const padded = (record.constructor as unknown as BufferClass).alloc(record.length + 1);
      padded.set(record, 0);
      (this.glyf as Uint8Array[])[index] = padded;
      this.offset += 1;
    }
    return index;
  };
}

/** Parsed fonts by their bytes: parsing a Tinos file took a third of the worker's busy CPU. */
const parsed = new WeakMap<Uint8Array, Map<string, FontkitFont>>();

/**
 * `@pdf-lib/fontkit` with even-length glyph records in TrueType subsets (see the module comment).
 * Register it on every document that embeds Tinos with `subset: true`.
 *
 * A font is parsed once per byte array and reused, its decoded tables kept; its glyph cache is
 * emptied for each embedding, because fontkit remembers in a glyph object the code points of the
 * first text that used it, and pdf-lib writes the ToUnicode map from those: a glyph reached first
 * as a component of another would lose its character in every later document.
 */
export const subsetFontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    const byName = parsed.get(buffer) ?? new Map<string, FontkitFont>();
    parsed.set(buffer, byName);
    const known = byName.get(postscriptName ?? '');
    if (known) {
      (known as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
      return known;
    }
    const font = fontkit.create(buffer, postscriptName);
    byName.set(postscriptName ?? '', font);
    // pdf-lib takes only the glyphs of a layout (ids and advance widths): the OpenType shaping
    // fontkit runs for it (GSUB/GPOS lookups, most of the rendering time) changes nothing for
    // NFC Vietnamese text, every letter of which the font maps directly. Map through the cmap.
    (font as unknown as { layout: (text: string) => { glyphs: unknown[] } }).layout = (text) => ({
      glyphs: font.glyphsForString(text),
    });
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      padGlyphRecords(subset as unknown as TtfSubsetInternals);
      return subset;
    };
    return font;
  },
};

/** The four styles embedded in one document. */
export interface FontFamily {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  boldItalic: PDFFont;
}

/**
 * Layout features passed to fontkit: no ligatures, so that every character maps to one glyph
 * (clean text extraction, predictable widths); kerning stays off as pdf-lib ignores positioning.
 */
const FEATURES = { liga: false, clig: false, dlig: false, kern: false };

const POSTSCRIPT_NAMES: Record<FontStyle, string> = {
  regular: 'Tinos-Regular',
  bold: 'Tinos-Bold',
  italic: 'Tinos-Italic',
  boldItalic: 'Tinos-BoldItalic',
};

/**
 * A subset font name as PDF 32000 §9.6.4 wants it: six upper-case letters, "+", the PostScript
 * name. The tag is derived from `seed` and the style, so it is deterministic, and a later
 * incremental update (the signature appearance) can pick another seed to keep its subsets apart.
 */
export function subsetFontName(style: FontStyle, seed = ''): string {
  const digest = createHash('sha256').update(`${seed}/${style}`).digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26)));
  return `${tag.join('')}+${POSTSCRIPT_NAMES[style]}`;
}

/**
 * Embed the four styles as subsets (registers {@link subsetFontkit} on the document).
 * `subsetTagSeed` varies the subset tags (see {@link subsetFontName}).
 */
export async function embedFontFamily(doc: PDFDocument, subsetTagSeed = ''): Promise<FontFamily> {
  doc.registerFontkit(subsetFontkit);
  // One after the other, so that object numbers never depend on promise scheduling.
  const embed = (style: FontStyle) =>
    doc.embedFont(loadFontBytes(style), {
      subset: true,
      features: FEATURES,
      customName: subsetFontName(style, subsetTagSeed),
    });
  const regular = await embed('regular');
  const bold = await embed('bold');
  const italic = await embed('italic');
  const boldItalic = await embed('boldItalic');
  return { regular, bold, italic, boldItalic };
}

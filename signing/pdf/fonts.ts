/**
 * The Tinos family (metric-compatible with Times New Roman, full Vietnamese coverage, OFL, npm
 * `@expo-google-fonts/tinos`): each style's TrueType file read once and cached. The one loader of
 * the project's fonts: signature appearances (regular; bold for organisation seals) and, through
 * templates/fonts.ts, every rendered document.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FONT_FILES: Record<FontStyle, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

let packageDir: string | undefined;
const byteCache = new Map<FontStyle, Uint8Array>();

/** The font package's folder (its licence is there too). */
export function fontPackageDir(): string {
  packageDir ??= dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
  return packageDir;
}

/** Absolute path of one style's TTF file. */
export function fontPath(style: FontStyle): string {
  return join(fontPackageDir(), FONT_FILES[style]);
}

/** The TTF bytes of one style (read once, then cached). Do not mutate the returned array. */
export function loadFontBytes(style: FontStyle = 'regular'): Uint8Array {
  let bytes = byteCache.get(style);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(fontPath(style)));
    byteCache.set(style, bytes);
  }
  return bytes;
}

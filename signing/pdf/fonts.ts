/**
 * Fonts for signature appearances. The default is Tinos (metric-compatible with Times New Roman,
 * full Vietnamese coverage), read once from @expo-google-fonts/tinos and cached; the bold style
 * sets the text of organisation seals.
 */
import { readFileSync } from 'node:fs';

const FILES = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
} as const;

const cache = new Map<keyof typeof FILES, Uint8Array>();

/** The bytes of Tinos Regular (or Bold) (TrueType). */
export function defaultFontBytes(style: keyof typeof FILES = 'regular'): Uint8Array {
  let bytes = cache.get(style);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(require.resolve(FILES[style])));
    cache.set(style, bytes);
  }
  return bytes;
}

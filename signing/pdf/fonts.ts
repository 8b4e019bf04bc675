/**
 * Fonts for signature appearances. The default is Tinos (metric-compatible with Times New Roman,
 * full Vietnamese coverage), read once from @expo-google-fonts/tinos and cached.
 */
import { readFileSync } from 'node:fs';

let cached: Uint8Array | undefined;

/** The bytes of Tinos Regular (TrueType). */
export function defaultFontBytes(): Uint8Array {
  if (!cached) {
    const file = require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf');
    cached = new Uint8Array(readFileSync(file));
  }
  return cached;
}

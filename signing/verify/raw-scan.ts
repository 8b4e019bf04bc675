/**
 * A last look at a file that no longer parses as a PDF: signature dictionaries found by their
 * /ByteRange in the raw bytes, and whether each signed digest still matches. It tells "altered
 * after signing" (a byte of a signed, compressed stream changed) apart from "not a readable PDF".
 */
import { checkCms } from './cms';

/** What a reader is told when signed bytes changed (digest mismatch). */
export const ALTERED_AFTER_SIGNING = 'Văn bản đã bị thay đổi sau khi ký';

/** The signatures found in the raw bytes, each with whether its digest matches. */
export function scanSignaturesRaw(bytes: Buffer): Array<{ digestOk: boolean }> {
  const text = bytes.toString('latin1');
  const out: Array<{ digestOk: boolean }> = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (const m of text.matchAll(re)) {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    if (a !== 0 || b <= 0 || c <= b + 1 || c + d > bytes.length) continue;
    // A document time-stamp's token covers the range through its TSTInfo, not a digest attribute.
    if (text.slice(Math.max(0, (m.index ?? 0) - 300), m.index).includes('/ETSI.RFC3161')) continue;
    const gap = text.slice(b, c);
    if (!/^<[0-9A-Fa-f]*>$/.test(gap)) continue;
    const check = checkCms(Buffer.from(gap.slice(1, -1), 'hex'), [
      bytes.subarray(0, b),
      bytes.subarray(c, c + d),
    ]);
    if (!check.signer) continue;
    out.push({ digestOk: check.digestOk });
  }
  return out;
}

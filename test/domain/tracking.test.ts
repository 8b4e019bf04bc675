/**
 * The tracking addresses: the public one printed on documents, and the applicant's, whose token
 * rides in the fragment (never sent to a server, never in a Referer) — and the token sealed at
 * rest for those links, opened only with the same KEK and the same dossier code.
 */
import crypto from 'node:crypto';

import { applicantTrackingLink, trackingLink } from '../../domain/tracking';
import { openTrackingToken, sealTrackingToken } from '../../activities/applications/tracking-token';

const BASE = 'https://dichvucong.hochiminhcity.gov.vn';
const CODE = '000.26.01.H29-261203-0007';
const TOKEN = 'qYrNExnWf3dzz13p3PTsWU5KaAyxsWl8UMqnNH0IH4w';

test('the public address names the case by MHS, whatever the base ends with', () => {
  expect(trackingLink(`${BASE}/`, CODE)).toBe(`${BASE}/tra-cuu?MHS=${CODE}`);
  expect(trackingLink(BASE, 'A B/1&x')).toBe(`${BASE}/tra-cuu?MHS=A%20B%2F1%26x`);
});

test('the applicant’s address carries the token in the fragment only', () => {
  const link = new URL(applicantTrackingLink(BASE, CODE, TOKEN));
  expect(link.pathname).toBe('/tra-cuu');
  expect(link.searchParams.get('MHS')).toBe(CODE);
  // What a server or a Referer could see: origin, path and query — no token.
  expect(`${link.origin}${link.pathname}${link.search}`).not.toContain(TOKEN);
  expect(new URLSearchParams(link.hash.slice(1)).get('t')).toBe(TOKEN);
});

describe('the sealed token', () => {
  const kek = crypto.randomBytes(32);

  test('opens with the same KEK and code, and does not show the token', () => {
    const sealed = sealTrackingToken(kek, CODE, TOKEN);
    expect(sealed).not.toContain(TOKEN);
    expect(openTrackingToken(kek, CODE, sealed)).toBe(TOKEN);
    // Fresh IV each time: two seals of one token differ.
    expect(sealTrackingToken(kek, CODE, TOKEN)).not.toBe(sealed);
  });

  test('does not open with another KEK, another case, or damaged', () => {
    const sealed = sealTrackingToken(kek, CODE, TOKEN);
    expect(openTrackingToken(crypto.randomBytes(32), CODE, sealed)).toBeNull();
    expect(openTrackingToken(kek, `${CODE}1`, sealed)).toBeNull();
    const bytes = Buffer.from(sealed, 'base64');
    bytes[20] = (bytes[20] as number) ^ 1;
    expect(openTrackingToken(kek, CODE, bytes.toString('base64'))).toBeNull();
    expect(openTrackingToken(kek, CODE, 'AAAA')).toBeNull();
  });
});

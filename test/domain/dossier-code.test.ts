import {
  dossierSerialKey,
  formatDossierCode,
  isDossierCode,
  parseDossierCode,
} from '../../domain/dossier-code';
import { vnDateTime } from '../../domain/calendar';

test('formats the national pattern with the reception day in +07:00', () => {
  expect(formatDossierCode('000.00.06.H56', vnDateTime(2023, 10, 27, 9, 15), 361)).toBe(
    '000.00.06.H56-231027-0361',
  );
  // 23:30 UTC on 2 December is already 3 December in Vietnam.
  expect(formatDossierCode('000.26.01.H29', new Date('2026-12-02T23:30:00Z'), 7)).toBe(
    '000.26.01.H29-261203-0007',
  );
  expect(formatDossierCode('000.26.01.H29', vnDateTime(2026, 1, 5), 9999)).toBe(
    '000.26.01.H29-260105-9999',
  );
  expect(dossierSerialKey('000.26.01.H29', new Date('2026-12-02T16:59:59Z'))).toBe(
    '000.26.01.H29-261202',
  );
});

test('refuses bad agency ids and serials', () => {
  const d = vnDateTime(2026, 3, 9);
  expect(() => formatDossierCode('SAIGON', d, 1)).toThrow(RangeError);
  expect(() => formatDossierCode('000.26.01.H29', d, 0)).toThrow(RangeError);
  expect(() => formatDossierCode('000.26.01.H29', d, 10000)).toThrow(RangeError);
  expect(() => formatDossierCode('000.26.01.H29', d, 1.5)).toThrow(RangeError);
  expect(() => formatDossierCode('000.26.01.H29', new Date(Number.NaN), 1)).toThrow(RangeError);
});

test('parses and validates', () => {
  expect(parseDossierCode('000.00.06.H56-231027-0361')).toEqual({
    agencyId: '000.00.06.H56',
    date: '2023-10-27',
    yyMMdd: '231027',
    serial: 361,
  });
  for (const bad of [
    '000.00.06.H56-231027-361',
    '000.00.06.H56-231027-0000',
    '000.00.06.H56-230230-0001', // 30 February
    '000.00.06.H56-231327-0001',
    '000.00.06.h56-231027-0001',
    ' 000.00.06.H56-231027-0001',
    '000.00.06.H56-231027-00011',
    '',
  ]) {
    expect([bad, parseDossierCode(bad)]).toEqual([bad, null]);
    expect(isDossierCode(bad)).toBe(false);
  }
});

test('format and parse round-trip', () => {
  for (let serial = 1; serial <= 9999; serial += 487) {
    const at = vnDateTime(2026, 2, 28, 16, 59);
    const code = formatDossierCode('000.00.13.H29', at, serial);
    expect(parseDossierCode(code)).toEqual({
      agencyId: '000.00.13.H29',
      date: '2026-02-28',
      yyMMdd: '260228',
      serial,
    });
  }
});

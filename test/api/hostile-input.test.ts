/**
 * Hostile requests at the edge (issue 10, rows 4, 5, 6, 10, 11): malformed multipart bodies, JSON
 * nested thousands of levels deep, compressed bodies that are not what they claim or inflate far
 * beyond the limit, look-alike names and bidirectional controls, unknown methods. Each is a clear
 * 4xx in the contract's shape, never a 500.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { closeDroppingDatabase, serveSeededApi, type ServedApi } from '../helpers/api';

let api: ServedApi;
let client = 0;

beforeAll(async () => {
  api = await serveSeededApi('hostile');
});
afterAll(() => closeDroppingDatabase(api));

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: { error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>;
}

/** One request with exactly these bytes and headers (fetch would fix some of them up). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<Raw> {
  const url = new URL(path, api.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        // Every request from an address of its own: the per-address budgets stay out of the way.
        headers: { 'X-Forwarded-For': `10.66.${client >> 8}.${client++ & 255}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = {} as Raw['json'];
          try {
            json = JSON.parse(text) as Raw['json'];
          } catch {
            // not JSON: left empty, the assertions say what was expected
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.setHeader('Content-Length', String(Buffer.byteLength(body)));
    req.end(body);
  });
}

/** The contract's error shape, with the expected status and code. */
function expectError(res: Raw, status: number, code: string): void {
  expect([res.status, res.json.error?.code]).toEqual([status, code]);
  expect(typeof res.json.error?.message).toBe('string');
  expect(
    Object.keys(res.json.error ?? {}).every((k) => ['code', 'message', 'details'].includes(k)),
  );
}

describe('row 4: a malformed multipart body is 400 VALIDATION_FAILED, on submit and supplement', () => {
  const B = 'motcuaBoundary';
  const part = `--${B}\r\nContent-Disposition: form-data; name="signature"\r\n\r\nAAAA\r\n`;
  const bodies: Record<string, { type: string; body: string }> = {
    truncated: { type: `multipart/form-data; boundary=${B}`, body: part.slice(0, 60) },
    'truncated after a part': { type: `multipart/form-data; boundary=${B}`, body: part },
    'no boundary parameter': { type: 'multipart/form-data', body: `${part}--${B}--\r\n` },
    'another boundary': { type: 'multipart/form-data; boundary=other', body: `${part}--${B}--` },
    'malformed part header': {
      type: `multipart/form-data; boundary=${B}`,
      body: `--${B}\r\nContent-Disposition form-data name signature\r\n\r\nAAAA\r\n--${B}--\r\n`,
    },
    'header without end': {
      type: `multipart/form-data; boundary=${B}`,
      body: `--${B}\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n`,
    },
  };
  const paths = [
    '/api/applications/abcdef123456/submit',
    '/api/cases/000.26.01.H29-261203-0001/supplement',
  ];
  for (const path of paths) {
    for (const [name, { type, body }] of Object.entries(bodies)) {
      test(`${path.split('/').pop()}: ${name}`, async () => {
        const res = await raw(
          'POST',
          path,
          { 'Content-Type': type, 'X-Tracking-Token': 't' },
          body,
        );
        expectError(res, 400, 'VALIDATION_FAILED');
      });
    }
  }
});

describe('row 5: JSON nested too deep is 400 on every JSON route', () => {
  const nested = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const arrays = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
  const routes = [
    '/api/applicant-certificates',
    '/api/applications/prepare',
    '/api/auth/login',
    '/api/cases/000.26.01.H29-261203-0001/actions',
    '/api/cases/000.26.01.H29-261203-0001/withdraw',
    '/api/cases/000.26.01.H29-261203-0001/reassign',
  ];
  for (const path of routes) {
    test(path, async () => {
      for (const body of [nested(3000), arrays(3000), nested(100_000)]) {
        const res = await raw('POST', path, { 'Content-Type': 'application/json' }, body);
        expectError(res, 400, 'VALIDATION_FAILED');
      }
    });
  }
});

describe('row 6: compressed bodies', () => {
  const json = { 'Content-Type': 'application/json' };
  test.each(['gzip', 'deflate', 'br'])('%s on a body that is not: 400', async (encoding) => {
    const res = await raw(
      'POST',
      '/api/auth/login',
      { ...json, 'Content-Encoding': encoding },
      '{"username":"a","password":"b"}',
    );
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  test('an unknown encoding: 415', async () => {
    const res = await raw('POST', '/api/auth/login', { ...json, 'Content-Encoding': 'zstd' }, '{}');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a genuine gzip body is read', async () => {
    const body = zlib.gzipSync(JSON.stringify({ username: 'nobody', password: 'x' }));
    const res = await raw('POST', '/api/auth/login', { ...json, 'Content-Encoding': 'gzip' }, body);
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  test('a gzip bomb on a JSON route: the limit applies to the inflated size (413)', async () => {
    // 64 MiB of spaces inside a JSON string compress to about 64 KB.
    const bomb = zlib.gzipSync(
      Buffer.concat([
        Buffer.from('{"username":"a","password":"'),
        Buffer.alloc(64 * 1024 * 1024, 0x20),
        Buffer.from('"}'),
      ]),
      { level: 9 },
    );
    expect(bomb.length).toBeLessThan(200 * 1024);
    for (const encoding of ['gzip'] as const) {
      const res = await raw(
        'POST',
        '/api/auth/login',
        { ...json, 'Content-Encoding': encoding },
        bomb,
      );
      expectError(res, 413, 'TOO_LARGE');
    }
    const deflated = zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    const res = await raw(
      'POST',
      '/api/applications/prepare',
      { ...json, 'Content-Encoding': 'deflate' },
      deflated,
    );
    expectError(res, 413, 'TOO_LARGE');
  });

  test('a gzip bomb posted to /api/verify: 413 (its 20 MB limit is on the inflated size too)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x25), { level: 9 });
    const res = await raw(
      'POST',
      '/api/verify',
      { 'Content-Type': 'application/pdf', 'Content-Encoding': 'gzip' },
      bomb,
    );
    expectError(res, 413, 'TOO_LARGE');
  });
});

describe('row 10: names in Latin script only, no bidirectional controls in free text', () => {
  const publicKeyPem =
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xOUetsCa8EfOlDEBAfREhJqspDo\nyEh6Szz2in47Tv5n52m9dLYyPCbqZkOB5nTSqtscpkQD/HpykCggvx09iQ==\n-----END PUBLIC KEY-----\n';
  const certify = (fullName: string): Promise<Raw> =>
    raw(
      'POST',
      '/api/applicant-certificates',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ fullName, idNumber: '079085001234', publicKeyPem }),
    );

  test.each([
    ['full-width letters', 'Ｎｇｕｙễｎ Văn Bình'],
    ['a Cyrillic а among Latin letters', 'Nguyễn V\u0430n Bình'],
    ['a Cyrillic name', 'Иван Петров'],
    ['a Greek ο', 'Nguyễn Văn B\u03bfình'],
    ['a right-to-left override', 'Nguyễn \u202eVăn Bình'],
    ['a zero-width joiner', 'Nguyễn Vă\u200dn Bình'],
    ['a combining mark left after NFC', 'Nguyễn Văn Bi\u0336nh'],
  ])('%s is refused for /api/applicant-certificates', async (_label, fullName) => {
    const res = await certify(fullName);
    expectError(res, 400, 'VALIDATION_FAILED');
    expect((res.json.error?.details as Array<{ field: string }>).map((d) => d.field)).toEqual([
      'fullName',
    ]);
  });

  test('a Vietnamese name in any normalisation form is accepted', async () => {
    for (const name of ['Nguyễn Văn Bình', 'Nguyễn Văn Bình'.normalize('NFD'), "Lê Thị O'Neil"]) {
      const res = await certify(name);
      expect([name, res.status]).toEqual([name, 201]);
    }
  });

  test.each([
    ['U+202E right-to-left override', 'Đã kiểm tra \u202e.fdp'],
    ['U+2066 left-to-right isolate', 'Ghi chú \u2066x\u2069'],
    ['U+200F right-to-left mark', 'Ghi chú\u200f'],
    ['U+061C Arabic letter mark', 'Ghi chú\u061c'],
  ])('%s in a note, a reason, a missing document: 400 naming the field', async (_label, text) => {
    const path = '/api/cases/000.26.01.H29-261203-0001/actions';
    for (const [body, field] of [
      [{ action: 'accept', note: text }, 'note'],
      [{ action: 'refuse', reason: text }, 'reason'],
      [{ action: 'request_supplement', missingDocuments: ['Bản vẽ', text] }, 'missingDocuments[1]'],
    ] as const) {
      const res = await raw(
        'POST',
        path,
        { 'Content-Type': 'application/json' },
        JSON.stringify(body),
      );
      expectError(res, 400, 'VALIDATION_FAILED');
      expect((res.json.error?.details as Array<{ field: string }>).map((d) => d.field)).toEqual([
        field,
      ]);
    }
    const withdraw = await raw(
      'POST',
      '/api/cases/000.26.01.H29-261203-0001/withdraw',
      { 'Content-Type': 'application/json', 'X-Tracking-Token': 't' },
      JSON.stringify({ reason: text }),
    );
    expectError(withdraw, 400, 'VALIDATION_FAILED');
  });

  test('a note sent as an object is refused, not ignored', async () => {
    const res = await raw(
      'POST',
      '/api/cases/000.26.01.H29-261203-0001/actions',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ action: 'accept', note: { text: 'x' } }),
    );
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('row 11: a known path with another method is 405 with Allow', () => {
  test.each([
    ['TRACE', '/api/procedures', 'GET'],
    ['TRACE', '/api/verify', 'POST'],
    ['PUT', '/api/cases/000.26.01.H29-261203-0001', 'GET'],
    ['DELETE', '/api/cases/000.26.01.H29-261203-0001/actions', 'POST'],
    ['PATCH', '/api/auth/login', 'POST'],
    ['TRACE', '/healthz', 'GET'],
  ])('%s %s', async (method, path, allow) => {
    const res = await raw(method, path, {});
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe(allow);
  });

  test('an unknown path is 404 in the same shape', async () => {
    expectError(await raw('TRACE', '/api/nothing-here', {}), 404, 'NOT_FOUND');
  });
});

/**
 * Idle keep-alive connections outlive Node's 5 s default: a client (or a proxy) that reuses its
 * connection after a pause still gets its answer instead of "other side closed".
 */
import http from 'node:http';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from '../../api/http-server';
import { serveApi, type ServedApi } from '../helpers/api';

let api: ServedApi;

beforeAll(async () => {
  api = await serveApi({ label: 'keepalive' });
});
afterAll(() => api?.close());

function get(agent: http.Agent, path: string): Promise<{ status: number; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${api.url}${path}`, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
    });
    req.once('error', reject);
  });
}

test('timeouts are above usual proxy idle times, headers after keep-alive', () => {
  expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThanOrEqual(65_000);
  expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
});

test('a connection idle for longer than 5 s is still open and answers', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, '/healthz');
    await new Promise((r) => setTimeout(r, 6_000));
    const second = await get(agent, '/healthz');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.socket).toBe(first.socket); // the same connection, reused after the pause
  } finally {
    agent.destroy();
  }
});

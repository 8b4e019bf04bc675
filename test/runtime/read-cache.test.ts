/**
 * The API's read copies (runtime/read-cache.ts): reads in flight share one load, a copy lives ttlMs
 * after its load settled, a failed load is never kept, and the map stays bounded. The clock is
 * a counter the test moves, so nothing here depends on the machine's speed.
 */
import { ReadCache } from '../../runtime/read-cache';

function setup(ttlMs = 100, max = 3) {
  let now = 0;
  const cache = new ReadCache<string>(ttlMs, max, () => now);
  const loads: string[] = [];
  const load =
    (key: string, value = `${key}@${now}`) =>
    () => {
      loads.push(key);
      return Promise.resolve(value);
    };
  return { cache, loads, load, advance: (ms: number) => (now += ms) };
}

test('readers of the same key while it loads share one load', async () => {
  const { cache, loads } = setup();
  let release!: (v: string) => void;
  const slow = () => {
    loads.push('a');
    return new Promise<string>((r) => (release = r));
  };
  const first = cache.get('a', slow);
  const second = cache.get('a', slow);
  release('value');
  expect(await Promise.all([first, second])).toEqual(['value', 'value']);
  expect(loads).toEqual(['a']);
});

test('a copy is reused until ttlMs after its load, then read again', async () => {
  const { cache, loads, load, advance } = setup(100);
  expect(await cache.get('a', load('a'))).toBe('a@0');
  advance(99);
  expect(await cache.get('a', load('a'))).toBe('a@0');
  advance(1);
  expect(await cache.get('a', load('a'))).toBe('a@100');
  expect(loads).toEqual(['a', 'a']);
});

test('a failed load is not kept: the next reader loads again', async () => {
  const { cache, loads, load } = setup();
  const failing = () => {
    loads.push('a');
    return Promise.reject(new Error('database unavailable'));
  };
  await expect(cache.get('a', failing)).rejects.toThrow('database unavailable');
  expect(await cache.get('a', load('a'))).toBe('a@0');
  expect(loads).toEqual(['a', 'a']);
});

test('forget and set replace a copy; the oldest entries go past the bound', async () => {
  const { cache, loads, load } = setup(100, 2);
  await cache.get('a', load('a'));
  cache.forget('a');
  await cache.get('a', load('a'));
  cache.set('a', 'fresh');
  expect(await cache.get('a', load('a'))).toBe('fresh');
  await cache.get('b', load('b'));
  await cache.get('c', load('c'));
  expect(cache.size).toBe(2);
  await cache.get('a', load('a')); // pushed out by b and c: read again
  expect(loads).toEqual(['a', 'a', 'b', 'c', 'a']);
});

test('past ttlMs the first reader reloads and gets the new copy; readers meanwhile get the old one', async () => {
  let now = 0;
  const cache = new ReadCache<string>(100, 10, () => now, 50);
  const loads: string[] = [];
  let release!: (v: string) => void;
  const slow = () => {
    loads.push(`load@${now}`);
    return new Promise<string>((r) => (release = r));
  };
  const first = cache.get('a', slow);
  release('v1');
  expect(await first).toBe('v1');
  now = 120; // past ttlMs: this reader reloads (whoever asks after the copy's time reads what is there)
  const reloading = cache.get('a', slow);
  // Readers during that reload are not kept waiting: the old copy.
  expect(await cache.get('a', slow)).toBe('v1');
  expect(await cache.get('a', slow)).toBe('v1');
  expect(loads).toEqual(['load@0', 'load@120']);
  release('v2');
  expect(await reloading).toBe('v2');
  expect(await cache.get('a', slow)).toBe('v2'); // the reload's copy, fresh for ttlMs
  expect(loads).toHaveLength(2);
});

test('past ttlMs + staleMs readers wait for the load; a dropped copy is not brought back', async () => {
  let now = 0;
  const cache = new ReadCache<string>(100, 10, () => now, 50);
  let release!: (v: string) => void;
  const slow = () => new Promise<string>((r) => (release = r));
  const first = cache.get('a', slow);
  release('v1');
  await first;
  now = 120;
  const reloading = cache.get('a', slow); // a reload in flight…
  cache.forget('a'); // …when the API writes the case
  release('read before the write');
  expect(await reloading).toBe('read before the write'); // its own reader gets it, nobody else
  const after = cache.get('a', slow);
  release('after the write');
  expect(await after).toBe('after the write');
  now = 1000; // long past ttlMs + staleMs: no stale answer
  const late = cache.get('a', slow);
  release('v3');
  expect(await late).toBe('v3');
});

test('a failed reload answers the stale copy for the rest of its window, then the error', async () => {
  let now = 0;
  const cache = new ReadCache<string>(100, 10, () => now, 50);
  await cache.get('a', () => Promise.resolve('v1'));
  now = 110;
  let calls = 0;
  const failing = () => {
    calls++;
    return Promise.reject(new Error('database unavailable'));
  };
  expect(await cache.get('a', failing)).toBe('v1');
  expect(await cache.get('a', failing)).toBe('v1'); // tried again: the next reader retries
  expect(calls).toBe(2);
  now = 200;
  await expect(cache.get('a', failing)).rejects.toThrow('database unavailable');
});

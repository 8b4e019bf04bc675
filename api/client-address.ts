/**
 * The client's address as the limits count it: `req.ip` (which honours TRUST_PROXY, see
 * runtime/config.ts), IPv4-mapped IPv6 as IPv4, and an IPv6 address by its /64 (one subscriber's
 * network: an attacker holding one has 2^64 addresses).
 */
import { isIPv6 } from 'node:net';
import type { Request } from 'express';

export function clientAddress(req: Pick<Request, 'ip'>): string {
  const ip = req.ip ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(ip)) return ip;
  // Expand "::" and keep the first four groups.
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) =>
      g
        .replace(/%.*$/, '')
        .toLowerCase()
        .replace(/^0+(?=.)/, ''),
    )
    .join(':')}::/64`;
}

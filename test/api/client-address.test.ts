/**
 * The client address the limits count (issue 10, row 3): what the configured proxies report, an
 * IPv6 client by its /64, and a TRUST_PROXY that would let any client choose its address refused.
 */
import { clientAddress } from '../../api/client-address';
import { ConfigError, parseTrustProxy } from '../../runtime/config';

test('IPv4-mapped IPv6 counts as IPv4; an IPv6 address by its /64', () => {
  expect(clientAddress({ ip: '::ffff:203.0.113.7' })).toBe('203.0.113.7');
  expect(clientAddress({ ip: '198.51.100.1' })).toBe('198.51.100.1');
  expect(clientAddress({ ip: '2001:db8:0:12:aaaa::1' })).toBe('2001:db8:0:12::/64');
  expect(clientAddress({ ip: '2001:db8:0:12:ffff:1:2:3' })).toBe('2001:db8:0:12::/64');
  expect(clientAddress({ ip: '2001:db8::1' })).toBe('2001:db8:0:0::/64');
});

test('TRUST_PROXY: names, addresses, ranges, hop counts and none; anything else refused', () => {
  expect(parseTrustProxy(undefined)).toEqual(['loopback']);
  expect(parseTrustProxy('10.0.0.0/8, 192.168.1.5, uniquelocal')).toEqual([
    '10.0.0.0/8',
    '192.168.1.5',
    'uniquelocal',
  ]);
  expect(parseTrustProxy('2')).toBe(2);
  expect(parseTrustProxy('none')).toBe(false);
  for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.local', '::1/129']) {
    expect(() => parseTrustProxy(bad)).toThrow(ConfigError);
  }
});

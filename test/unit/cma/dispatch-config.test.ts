// CmaConfig resolution (merge, range checks, freeze) and the CIDR helper behind `subnet:` placements.
import test from 'ava';
import { CmaError, DEFAULT_CMA_CONFIG, formatIpv6, parseIpv6, resolveCmaConfig, subnetOf, type CmaConfig } from '../../../cma/dispatch/index.ts';

test('defaults: lan timing, 1.5 s probes, 2.5 s confirmation, 3 pings, /24 and /64', (t) => {
  const c = resolveCmaConfig();
  t.deepEqual(c.timing, { intervalMs: 1000, lateMs: 2000, deadMs: 3000 });
  t.like(c, { probeTimeoutMs: 1500, confirmWindowMs: 2500, pingAttempts: 3, subnetPrefixV4: 24, subnetPrefixV6: 64 });
  t.true(Object.isFrozen(c) && Object.isFrozen(c.timing) && Object.isFrozen(c.cmaAddresses));
  t.true(Object.isFrozen(DEFAULT_CMA_CONFIG));
});

test('a partial config is merged and frozen, the caller’s objects are not kept', (t) => {
  const addresses = [{ host: '198.18.0.1', port: 1984 }, { host: '2001:db8::1', port: 1984 }];
  const c = resolveCmaConfig({ cmaId: 'ab'.repeat(16), cmaSession: 0xffff_ffff, cmaAddresses: addresses, pingAttempts: 5 });
  t.is(c.cmaId, 'ab'.repeat(16));
  t.is(c.pingAttempts, 5);
  addresses[0] = { host: '198.18.0.9', port: 1 };
  t.is(c.cmaAddresses[0]?.host, '198.18.0.1');
});

const bad: [string, Partial<CmaConfig>][] = [
  ['cmaId', { cmaId: 'AB'.repeat(16) }],
  ['cmaSession', { cmaSession: 2 ** 32 }],
  ['timing', { timing: { intervalMs: 1000, lateMs: 1000, deadMs: 3000 } }],
  ['timing', { timing: { intervalMs: 0, lateMs: 1, deadMs: 2 } }],
  ['cmaAddresses', { cmaAddresses: [{ host: 'cma.example', port: 1984 }] }],
  ['cmaAddresses', { cmaAddresses: [{ host: '198.18.0.1', port: 0 }] }],
  ['cmaAddresses', { cmaAddresses: new Array(17).fill({ host: '198.18.0.1', port: 1 }) as CmaConfig['cmaAddresses'] }],
  ['probeTimeoutMs', { probeTimeoutMs: 0 }],
  ['confirmWindowMs', { probeTimeoutMs: 3000, confirmWindowMs: 2500 }],
  ['pingAttempts', { pingAttempts: 0 }],
  ['pingAttempts', { pingAttempts: 1.5 }],
  ['subnetPrefixV4', { subnetPrefixV4: 33 }],
  ['subnetPrefixV6', { subnetPrefixV6: 8 }],
];
for (const [field, partial] of bad) {
  test(`CMA_BAD_CONFIG for ${field} = ${JSON.stringify(Object.values(partial)[0]).slice(0, 60)}`, (t) => {
    const err = t.throws(() => resolveCmaConfig(partial), { instanceOf: CmaError });
    t.is(err.code, 'CMA_BAD_CONFIG');
    t.is(err.details['field'], field);
  });
}

test('subnetOf: IPv4 and IPv6 networks in canonical text', (t) => {
  t.is(subnetOf('198.18.7.9', 24, 64), '198.18.7.0/24');
  t.is(subnetOf('198.18.7.9', 16, 64), '198.18.0.0/16');
  t.is(subnetOf('198.18.7.9', 32, 64), '198.18.7.9/32');
  t.is(subnetOf('198.19.255.254', 15, 64), '198.18.0.0/15');
  t.is(subnetOf('2001:DB8:0:0:1::5', 24, 64), '2001:db8::/64');
  t.is(subnetOf('2001:db8:aaaa:bbbb:cccc::1', 24, 48), '2001:db8:aaaa::/48');
  t.is(subnetOf('2001:db8:1:2:3:4:5:6', 24, 128), '2001:db8:1:2:3:4:5:6/128');
  t.is(subnetOf('fe80::1', 24, 10), 'fe80::/10');
  t.is(subnetOf('::ffff:198.18.3.4', 24, 64), '198.18.3.0/24', 'an IPv4-mapped address counts as IPv4');
  t.is(subnetOf('64:ff9b::198.18.3.4', 24, 96), '64:ff9b::/96');
  for (const junk of ['', 'host.example', '198.18.0', '198.18.0.01', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fe80::1%eth0', '[::1]']) {
    t.is(subnetOf(junk, 24, 64), undefined, junk);
  }
});

test('formatIpv6 follows RFC 5952: longest zero run, first on a tie, never a single group', (t) => {
  t.is(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
  t.is(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
  t.is(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
  t.is(formatIpv6([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
  t.is(formatIpv6([1, 0, 0, 2, 0, 0, 0, 3]), '1:0:0:2::3');
  t.deepEqual(parseIpv6('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
});

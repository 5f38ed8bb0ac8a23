/**
 * The strict IP literal check used for wire addresses, compared against node:net isIP (which protocol/ may not
 * import); the only intended difference is that zone ids are refused.
 */

import { isIP } from 'node:net';
import test from 'ava';
import fc from 'fast-check';
import { isIpLiteral, isIpv4Literal, isIpv6Literal } from '../../../protocol/ip-literal.ts';

const nodeSays = (s: string): boolean => isIP(s) !== 0 && !s.includes('%');

const VALID_V4 = ['0.0.0.0', '10.1.2.3', '255.255.255.255', '192.0.2.1'];
const VALID_V6 = ['::', '::1', 'fe80::1', 'FD00::A', '2001:db8:0:0:0:0:0:1', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '::ffff:10.9.8.7', '1:2:3:4:5:6:1.2.3.4', 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255'];
const INVALID = [
  '', ' 10.0.0.1', '10.0.0.1 ', '10.0.0', '10.0.0.1.2', '10.0.0.256', '10.0.0.01', '0x0a.0.0.1', '1e1.0.0.1', 'localhost',
  ':', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1', '::1.2.3', '1.2.3.4::', '::1.2.3.4:5',
  '1:2:3:4:5:6:7:1.2.3.4', 'fe80::1%eth0', '[::1]', '::1/128', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8',
];

test('known valid literals', (t) => {
  for (const s of VALID_V4) t.true(isIpv4Literal(s) && isIpLiteral(s) && !isIpv6Literal(s), s);
  for (const s of VALID_V6) t.true(isIpv6Literal(s) && isIpLiteral(s) && !isIpv4Literal(s), s);
});

test('known invalid literals', (t) => {
  for (const s of INVALID) t.false(isIpLiteral(s), JSON.stringify(s));
});

test('agrees with node:net isIP (zone ids aside) on the same inputs', (t) => {
  for (const s of [...VALID_V4, ...VALID_V6, ...INVALID]) t.is(isIpLiteral(s), nodeSays(s), JSON.stringify(s));
});

test('agrees with node:net isIP on generated and near-miss strings', (t) => {
  const nearMiss = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.%'.split('')), maxLength: 46 });
  const edited = fc
    .tuple(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), fc.nat(), fc.constantFrom('', ':', '.', '0', '::', 'f'))
    .map(([ip, at, insert]) => ip.slice(0, at % (ip.length + 1)) + insert + ip.slice(at % (ip.length + 1)));
  const arb = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), nearMiss, edited, fc.string());
  fc.assert(fc.property(arb, (s) => isIpLiteral(s) === nodeSays(s)), { numRuns: 5000 });
  t.pass();
});

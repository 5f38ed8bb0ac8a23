// The endianness rule of /proc/net socket addresses: each 32-bit word in host order, ports big-endian.
import test from 'ava';
import fc from 'fast-check';
import { decodeHexEndpoint, decodeHexIpv4, DiscoveryError, encodeHexEndpoint, formatIpv6, ipv6Bytes, isV4Mapped } from '../../../discovery/index.ts';

test('127.0.0.1:8080 is 0100007F:1F90 on a little-endian host', (t) => {
  t.deepEqual(decodeHexEndpoint('0100007F:1F90'), { family: 4, address: '127.0.0.1', ipv4: '127.0.0.1', port: 8080 });
  t.is(encodeHexEndpoint({ family: 4, address: '127.0.0.1', port: 8080 }), '0100007F:1F90');
});

test('a big-endian host prints the same address word the other way round; the port does not change', (t) => {
  t.deepEqual(decodeHexEndpoint('7F000001:1F90', 'big'), { family: 4, address: '127.0.0.1', ipv4: '127.0.0.1', port: 8080 });
  t.is(decodeHexIpv4('7F000001', 'little'), '1.0.0.127');
  t.is(encodeHexEndpoint({ family: 4, address: '198.18.1.1', port: 161 }, 'big'), 'C6120101:00A1');
});

test('IPv6 ::1 is four little-endian words, the last 01000000', (t) => {
  t.deepEqual(decodeHexEndpoint('00000000000000000000000001000000:007B'), { family: 6, address: '::1', port: 123 });
  t.deepEqual(decodeHexEndpoint('00000000000000000000000000000001:007B', 'big'), { family: 6, address: '::1', port: 123 });
  t.deepEqual(decodeHexEndpoint('00000000000000000000000000000000:0000'), { family: 6, address: '::', port: 0 });
});

test('IPv4-mapped IPv6 is shown as ::ffff:a.b.c.d and also as the IPv4 address', (t) => {
  t.deepEqual(decodeHexEndpoint('0000000000000000FFFF0000010112C6:1F90'), { family: 6, address: '::ffff:198.18.1.1', ipv4: '198.18.1.1', port: 8080 });
  t.is(encodeHexEndpoint({ family: 6, address: '::ffff:127.0.0.1', port: 7001 }), '0000000000000000FFFF00000100007F:1B59');
});

test('link-local and odd IPv6 addresses format per RFC 5952', (t) => {
  t.is(decodeHexEndpoint('000080FE00000000FF2C2940121285FE:0035')?.address, 'fe80::4029:2cff:fe85:1212');
  t.is(decodeHexEndpoint('000080FE00000000FFADE15609667CFE:C781')?.address, 'fe80::56e1:adff:fe7c:6609');
  // bastjan/netstat's hand-made address: zero groups alone are not compressed, the longest run is.
  t.is(decodeHexEndpoint('1B130000040000000000000000000120:A2E7')?.address, '0:131b:0:4::2001:0');
  t.is(formatIpv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]), '2001:db8::1:0:0:1');
  t.is(formatIpv6([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]), '2001:db8:1:1:1:1:1:1');
  t.false(isV4Mapped([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 1]));
});

test('malformed endpoints decode to undefined (the row parser turns that into a warning)', (t) => {
  for (const bad of ['', '0100007F', '0100007F:1F9', '0100007G:1F90', '0100007F:1F90:00', '00000000000000000000000001000000', '01000:1F90']) {
    t.is(decodeHexEndpoint(bad), undefined, bad);
  }
});

test('printing an address of the wrong family is a DISC_BAD_ADDRESS DiscoveryError', (t) => {
  const e = t.throws(() => encodeHexEndpoint({ family: 4, address: '::1', port: 1 }), { instanceOf: DiscoveryError });
  t.is(e.code, 'DISC_BAD_ADDRESS');
  t.is(ipv6Bytes('1::2::3'), undefined);
});

test('any IPv4/IPv6 endpoint survives encode → decode in both byte orders', (t) => {
  const v4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 65535 })).map(([address, port]) => ({ family: 4 as const, address, port }));
  const v6 = fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 65535 })).map(([b, port]) => ({ family: 6 as const, address: formatIpv6([...b]), port }));
  fc.assert(
    fc.property(fc.oneof(v4, v6), fc.constantFrom('little' as const, 'big' as const), (e, order) => {
      const back = decodeHexEndpoint(encodeHexEndpoint(e, order), order);
      t.is(back?.address, e.address);
      t.is(back?.port, e.port);
      t.is(back?.family, e.family);
    }),
    { numRuns: 2_000 },
  );
});

/** Address classification for discovery facts: canonical text, family, loopback/link-local/unspecified. */
import { formatIpv6, parseIpv4, parseIpv6 } from '../dispatch/cidr.ts';

/** Canonical text and family of an address literal (IPv4-mapped IPv6 becomes IPv4), undefined when none. */
export function canonicalIp(text: string): { ip: string; family: 4 | 6 } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { ip: v4.join('.'), family: 4 };
  const v6 = parseIpv6(text.toLowerCase());
  if (v6 === undefined) return undefined;
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    const [a = 0, b = 0] = [v6[6], v6[7]];
    return { ip: `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`, family: 4 };
  }
  return { ip: formatIpv6(v6), family: 6 };
}

/** 0.0.0.0 or ::: a wildcard listener. */
export const isUnspecified = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';

/** 127.0.0.0/8 or ::1: host-local traffic, never a dependency between hosts. */
export const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

/** fe80::/10 or 169.254.0.0/16: not unique across hosts. */
export const isLinkLocal = (ip: string): boolean => /^fe[89ab][0-9a-f]:/.test(ip) || ip.startsWith('169.254.');

/** First port of the Linux default ephemeral range (net.ipv4.ip_local_port_range 32768 60999). */
export const EPHEMERAL_PORT_MIN = 32_768;

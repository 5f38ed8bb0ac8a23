/**
 * Pure CIDR arithmetic for `subnet:` placements (docs/rings.md): the network a literal address belongs to, in a
 * canonical text form so every host of a subnet gets the same ring id. IPv6 is written per RFC 5952 (lowercase,
 * no leading zeros, the longest run of ≥ 2 zero groups as `::`); an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
 * counts as its IPv4 address.
 */

/** Four octets of a strict dotted quad (no leading zeros), or undefined. */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

/** Eight 16-bit groups of an IPv6 literal (RFC 4291 §2.2, optional trailing dotted quad, no zone), or undefined. */
export function parseIpv6(s: string): number[] | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  const gap = s.indexOf('::');
  if (gap !== -1 && s.indexOf('::', gap + 1) !== -1) return undefined;
  const head = gap === -1 ? groupsOf(s, true) : groupsOf(s.slice(0, gap), false);
  const tail = gap === -1 ? [] : groupsOf(s.slice(gap + 2), true);
  if (head === undefined || tail === undefined) return undefined;
  if (gap === -1) return head.length === 8 ? head : undefined;
  const zeros = 8 - head.length - tail.length;
  if (zeros < 1) return undefined;
  return [...head, ...new Array<number>(zeros).fill(0), ...tail];
}

function groupsOf(part: string, mayEndInIpv4: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] ?? '';
    if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(parseInt(p, 16));
      continue;
    }
    const v4 = mayEndInIpv4 && i === pieces.length - 1 ? parseIpv4(p) : undefined;
    if (v4 === undefined) return undefined;
    out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
  }
  return out;
}

/** True when `s` is a literal IPv4 or IPv6 address. */
export function isIpAddress(s: string): boolean {
  return parseIpv4(s) !== undefined || parseIpv6(s) !== undefined;
}

/**
 * The subnet of `ip` as canonical CIDR text, e.g. `subnetOf('198.18.7.9', 24, 64)` → `198.18.7.0/24` and
 * `subnetOf('2001:DB8:0:0:1::5', 24, 64)` → `2001:db8::/64`. Undefined when `ip` is not an address literal.
 */
export function subnetOf(ip: string, prefixV4: number, prefixV6: number): string | undefined {
  let v4 = parseIpv4(ip);
  const v6 = v4 === undefined ? parseIpv6(ip) : undefined;
  if (v6 !== undefined && v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    v4 = [(v6[6] ?? 0) >> 8, (v6[6] ?? 0) & 0xff, (v6[7] ?? 0) >> 8, (v6[7] ?? 0) & 0xff];
  }
  if (v4 !== undefined) return `${maskBits(v4, 8, prefixV4).join('.')}/${prefixV4}`;
  if (v6 === undefined) return undefined;
  return `${formatIpv6(maskBits(v6, 16, prefixV6))}/${prefixV6}`;
}

/** Keeps the first `prefix` bits of words of `width` bits each, zeroing the rest. */
function maskBits(words: readonly number[], width: number, prefix: number): number[] {
  return words.map((w, i) => {
    const keep = Math.max(0, Math.min(width, prefix - i * width));
    const mask = keep === 0 ? 0 : ((1 << width) - 1) ^ ((1 << (width - keep)) - 1);
    return w & mask;
  });
}

/** RFC 5952 text of eight groups. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Strict IP literal checks for wire addresses (protocol/ may not import node:net).
 *
 * Accepted: dotted-quad IPv4 without leading zeros (`10.0.0.1`), and IPv6 in RFC 4291 §2.2 text form (groups of
 * 1–4 hex digits, either case, at most one `::`, optionally ending in an embedded dotted quad). Rejected: host names,
 * zone ids (`fe80::1%eth0`), brackets, ports, octal/hex IPv4 forms, surrounding whitespace. This matches node:net
 * `isIP()` on every input except zone ids, which ringwatch never puts on the wire (test/unit/protocol/ip-literal).
 */

/** Longest IPv6 literal: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`. */
const MAX_IPV6_LITERAL_CHARS = 45;
const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;
const CHAR_COLON = 58;

/** True when `s` is `a.b.c.d` with each part a decimal 0..255 without leading zeros. */
export function isIpv4Literal(s: string): boolean {
  return ipv4End(s, 0) === s.length && s.length > 0;
}

/**
 * Scans a dotted quad starting at `start` and returns the index just after it, or -1 when there is none there.
 * The caller decides whether the quad must end the string.
 */
function ipv4End(s: string, start: number): number {
  let i = start;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== CHAR_DOT) return -1;
      i++;
    }
    const first = i;
    let value = 0;
    while (i < s.length && i - first < 3) {
      const c = s.charCodeAt(i);
      if (c < CHAR_0 || c > CHAR_9) break;
      value = value * 10 + (c - CHAR_0);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || value > 255 || (digits > 1 && s.charCodeAt(first) === CHAR_0)) return -1;
  }
  return i;
}

/** Number of 16-bit groups in a colon-separated run (no `::` inside), or -1 when malformed. */
function countGroups(part: string, mayEndInIpv4: boolean): number {
  if (part.length === 0) return 0;
  let groups = 0;
  let i = 0;
  for (;;) {
    const first = i;
    while (i < part.length && i - first < 5 && isHexDigit(part.charCodeAt(i))) i++;
    const digits = i - first;
    if (i === part.length) return digits >= 1 && digits <= 4 ? groups + 1 : -1;
    const c = part.charCodeAt(i);
    if (c === CHAR_COLON && digits >= 1 && digits <= 4) {
      groups++;
      i++;
      continue;
    }
    // Not a clean hex group: the only other legal thing is a final embedded IPv4 starting at `first`.
    if (mayEndInIpv4 && ipv4End(part, first) === part.length) return groups + 2;
    return -1;
  }
}

function isHexDigit(c: number): boolean {
  return (c >= CHAR_0 && c <= CHAR_9) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** True when `s` is an IPv6 literal (RFC 4291 §2.2), without zone id or brackets. */
export function isIpv6Literal(s: string): boolean {
  if (s.length < 2 || s.length > MAX_IPV6_LITERAL_CHARS) return false;
  const gap = s.indexOf('::');
  if (gap === -1) return countGroups(s, true) === 8;
  if (s.indexOf('::', gap + 1) !== -1) return false;
  const head = s.slice(0, gap);
  const tail = s.slice(gap + 2);
  const headGroups = countGroups(head, false);
  const tailGroups = countGroups(tail, true);
  // `::` stands for at least one zero group.
  return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
}

/** True when `s` is a literal IPv4 or IPv6 address (never a name). */
export function isIpLiteral(s: string): boolean {
  return isIpv4Literal(s) || isIpv6Literal(s);
}

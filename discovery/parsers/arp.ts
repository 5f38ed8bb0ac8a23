/**
 * Parser for /proc/net/arp (IPv4 neighbours only; IPv6 neighbours come from `ip -j neigh`, see ip-neigh.ts).
 * Columns: IP address, HW type, Flags, HW address, Mask, Device (net/ipv4/arp.c `arp_format_neigh_entry`).
 * Rows are split on runs of whitespace, since not every producer aligns the columns.
 */
import { DiscoveryError } from '../errors.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** ARP flag bits (include/uapi/linux/if_arp.h). */
export const ARP_FLAGS = {
  /** ATF_COM: the hardware address is known (the entry is complete). */
  COMPLETE: 0x02,
  /** ATF_PERM: a static entry (`ip neigh add … nud permanent`, `arp -s`). */
  PERMANENT: 0x04,
  /** ATF_PUBL: a proxy-ARP ("published") entry. */
  PUBLISHED: 0x08,
} as const;

/** One /proc/net/arp row. */
export interface ArpEntry {
  readonly ip: string;
  /** ARP hardware type (1 = Ethernet, 32 = InfiniBand, 772 = loopback, …). */
  readonly hwType: number;
  /** Raw flags; see {@link ARP_FLAGS}. 0 = incomplete or failed. */
  readonly flags: number;
  readonly complete: boolean;
  readonly permanent: boolean;
  /** Lower-case hardware address; null when incomplete (the kernel then prints all zeros). */
  readonly mac: string | null;
  /** The Mask column (`*` for host entries). */
  readonly mask: string;
  readonly device: string;
}

const HEADER = /^IP address\s+HW type\s+Flags\s+HW address\s+Mask\s+Device\s*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_NUM = /^0x[0-9a-fA-F]{1,8}$/;
const HW_ADDR = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){0,31}$/;

/** Parses /proc/net/arp. Throws `DISC_BAD_HEADER` when the first non-blank line is not the header. */
export function parseProcNetArp(input: TextInput): ParseResult<ArpEntry[]> {
  const sink = new WarningSink();
  const out: ArpEntry[] = [];
  const lines = toText(input).split('\n');
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (!headerSeen) {
      if (!HEADER.test(line)) throw new DiscoveryError('DISC_BAD_HEADER', '/proc/net/arp: first line is not the "IP address HW type …" header', { excerpt: line.slice(0, 80) });
      headerSeen = true;
      continue;
    }
    const f = line.split(/\s+/);
    const [ip, hwType, flags, hw, mask, device] = f;
    if (f.length !== 6 || ip === undefined || hwType === undefined || flags === undefined || hw === undefined || mask === undefined || device === undefined) {
      sink.warn(i + 1, `arp row has ${f.length} fields, expected 6`, line);
    } else if (!IPV4.test(ip) || !HEX_NUM.test(hwType) || !HEX_NUM.test(flags) || !HW_ADDR.test(hw)) {
      sink.warn(i + 1, 'arp row with a bad IP, HW type, flags or HW address', line);
    } else {
      const flagBits = parseInt(flags, 16);
      const complete = (flagBits & ARP_FLAGS.COMPLETE) !== 0;
      const mac = hw.toLowerCase();
      out.push({
        ip,
        hwType: parseInt(hwType, 16),
        flags: flagBits,
        complete,
        permanent: (flagBits & ARP_FLAGS.PERMANENT) !== 0,
        mac: !complete && /^[0:]+$/.test(mac) ? null : mac,
        mask,
        device,
      });
    }
  }
  if (!headerSeen) throw new DiscoveryError('DISC_BAD_HEADER', '/proc/net/arp: empty input, no header');
  return sink.result(out);
}

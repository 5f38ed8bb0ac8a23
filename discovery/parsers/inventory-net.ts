/**
 * Host inventory, network part: the per-interface files of /sys/class/net/IFACE (address, mtu, speed,
 * operstate) and the addresses of `ip -j addr` (iproute2 JSON). Pure. A missing or unreadable sysfs file is
 * passed as undefined (speed is EINVAL for loopback and for down or virtual links without a speed).
 */
import { opt } from './optional.ts';
import { jsonArrayOutput, toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** What a collector read from /sys/class/net/NAME (undefined: absent or unreadable). */
export interface RawSysNetInterface {
  readonly name: string;
  readonly address?: TextInput;
  readonly mtu?: TextInput;
  readonly speed?: TextInput;
  readonly operstate?: TextInput;
}

/** One network interface from sysfs. */
export interface SysNetInterface {
  readonly name: string;
  /** Lower-case MAC; undefined when the file is absent or empty (tunnels without a link-layer address). */
  readonly mac?: string;
  readonly mtuBytes?: number;
  /** Link speed in Mb/s; undefined when unknown (the kernel reports -1 or refuses the read). */
  readonly speedMbps?: number;
  /** up, down, unknown, dormant, lowerlayerdown, notpresent, testing. */
  readonly operstate?: string;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2})+$/;

/** Parses one interface's sysfs files. */
export function parseSysNetInterface(raw: RawSysNetInterface): ParseResult<SysNetInterface> {
  const sink = new WarningSink();
  const text = (t: TextInput | undefined): string | undefined => (t === undefined ? undefined : toText(t).trim());
  const address = text(raw.address)?.toLowerCase();
  if (address !== undefined && address !== '' && !MAC.test(address)) sink.warn(0, 'address is not a link-layer address', address);
  const int = (what: string, t: string | undefined): number | undefined => {
    if (t === undefined || t === '') return undefined;
    const n = Number(t);
    if (!Number.isSafeInteger(n)) {
      sink.warn(0, `${what} is not an integer`, t);
      return undefined;
    }
    return n;
  };
  const speed = int('speed', text(raw.speed));
  return sink.result({
    name: raw.name,
    ...opt('mac', address !== undefined && MAC.test(address) ? address : undefined),
    ...opt('mtuBytes', int('mtu', text(raw.mtu))),
    ...opt('speedMbps', speed !== undefined && speed >= 0 ? speed : undefined),
    ...opt('operstate', text(raw.operstate) || undefined),
  });
}

/** One address of an interface. */
export interface InterfaceAddress {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefixLength: number;
  /** global, link, host, site, or a number. */
  readonly scope: string;
}

/** One interface of `ip -j addr`. */
export interface IpAddrInterface {
  readonly index: number;
  readonly name: string;
  readonly flags: readonly string[];
  readonly mtuBytes?: number;
  readonly operstate?: string;
  readonly linkType?: string;
  readonly mac?: string;
  /** Peer interface name of a veth / the lower device of a VLAN ("link"), when ip prints it. */
  readonly link?: string;
  readonly addresses: readonly InterfaceAddress[];
}

function addressFrom(o: Readonly<Record<string, unknown>>): InterfaceAddress | string {
  const { family, local, prefixlen, scope } = o;
  if (family !== 'inet' && family !== 'inet6') return `address family ${String(family)} skipped`;
  if (typeof local !== 'string' || local === '') return 'address without local';
  if (typeof prefixlen !== 'number' || !Number.isInteger(prefixlen) || prefixlen < 0 || prefixlen > (family === 'inet' ? 32 : 128)) return 'bad prefixlen';
  return { family: family === 'inet' ? 4 : 6, address: local, prefixLength: prefixlen, scope: typeof scope === 'string' || typeof scope === 'number' ? String(scope) : 'global' };
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bound on addresses kept per interface (a host with thousands of aliases is odd; the rest is a warning). */
export const MAX_ADDRESSES_PER_INTERFACE = 1_024;

/**
 * Parses `ip -j addr` (or `ip -j -d addr`). Throws `DISC_BAD_JSON` when it is not a JSON array (empty output is
 * no interfaces); entries without ifindex/ifname and addresses of other families are warnings.
 */
export function parseIpAddrJson(input: TextInput): ParseResult<IpAddrInterface[]> {
  const sink = new WarningSink();
  const doc = jsonArrayOutput(input, 'ip -j addr');
  if (doc === null) return sink.result([]);
  const out: IpAddrInterface[] = [];
  doc.forEach((item: unknown, i) => {
    if (!isRecord(item) || typeof item.ifindex !== 'number' || typeof item.ifname !== 'string') {
      sink.warn(i + 1, 'entry without ifindex and ifname', JSON.stringify(item));
      return;
    }
    const addresses: InterfaceAddress[] = [];
    const infos: unknown[] = Array.isArray(item.addr_info) ? (item.addr_info as unknown[]) : [];
    for (const a of infos) {
      const r = isRecord(a) ? addressFrom(a) : 'address entry is not an object';
      if (typeof r === 'string') sink.warn(i + 1, `${item.ifname}: ${r}`);
      else if (addresses.length < MAX_ADDRESSES_PER_INTERFACE) addresses.push(r);
      else sink.warn(i + 1, `${item.ifname}: more than ${MAX_ADDRESSES_PER_INTERFACE} addresses`);
    }
    const flags: unknown[] = Array.isArray(item.flags) ? (item.flags as unknown[]) : [];
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const mac = str(item.address)?.toLowerCase();
    out.push({
      index: item.ifindex,
      name: item.ifname,
      flags: flags.filter((f): f is string => typeof f === 'string'),
      ...opt('mtuBytes', typeof item.mtu === 'number' && Number.isSafeInteger(item.mtu) ? item.mtu : undefined),
      ...opt('operstate', str(item.operstate)),
      ...opt('linkType', str(item.link_type)),
      ...opt('mac', mac !== undefined && MAC.test(mac) ? mac : undefined),
      ...opt('link', str(item.link)),
      addresses,
    });
  });
  return sink.result(out);
}

/**
 * Host inventory (DESIGN §6): OS, kernel, CPU, memory, NICs (MAC, MTU, speed, addresses) and packages, built
 * from what a collector read ({@link RawInventory}) by the pure parsers beside this file. Every part is
 * optional: a file that could not be read is simply absent, and a part that fails to parse is a warning
 * prefixed with its source, never the end of the inventory.
 */
import { DiscoveryError } from '../errors.ts';
import { parseCpuinfo, parseMeminfo, type CpuInfo, type MemInfo } from './inventory-hw.ts';
import { parseIpAddrJson, parseSysNetInterface, type InterfaceAddress, type RawSysNetInterface } from './inventory-net.ts';
import { parseOsRelease, parseProcVersion, parseUname, type KernelInfo, type OsRelease } from './inventory-os.ts';
import { parseDpkgQuery, type InstalledPackage } from './inventory-packages.ts';
import { opt } from './optional.ts';
import { WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** What an inventory collector read; undefined parts were not available. */
export interface RawInventory {
  readonly osRelease?: TextInput;
  readonly procVersion?: TextInput;
  /** `uname -srvm` output, used when /proc/version is missing. */
  readonly uname?: TextInput;
  readonly cpuinfo?: TextInput;
  readonly meminfo?: TextInput;
  readonly sysNet?: readonly RawSysNetInterface[];
  readonly ipAddrJson?: TextInput;
  readonly dpkgQuery?: TextInput;
}

/** One NIC: sysfs facts joined by name with `ip -j addr`'s addresses. */
export interface InventoryNic {
  readonly name: string;
  readonly index?: number;
  readonly mac?: string;
  readonly mtuBytes?: number;
  readonly speedMbps?: number;
  readonly operstate?: string;
  readonly linkType?: string;
  readonly addresses: readonly InterfaceAddress[];
}

/**
 * The whole inventory. It holds only facts that stay put while the host runs — no free memory, no current CPU
 * clock — and lists are sorted (NICs by name, packages by name then architecture), so its content hash changes
 * only when the host does.
 */
export interface HostInventory {
  readonly os?: OsRelease;
  readonly kernel?: KernelInfo;
  readonly cpu?: Omit<CpuInfo, 'mhz'>;
  readonly memory?: Pick<MemInfo, 'totalBytes' | 'swapTotalBytes'>;
  readonly nics: readonly InventoryNic[];
  readonly packages?: readonly InstalledPackage[];
}

/** Builds the inventory from raw reads; throws nothing (a part that is not what it claims is a warning). */
export function buildInventory(raw: RawInventory): ParseResult<HostInventory> {
  const sink = new WarningSink();
  const part = <T>(source: string, input: TextInput | undefined, parse: (t: TextInput) => ParseResult<T>): T | undefined => {
    if (input === undefined) return undefined;
    try {
      const r = parse(input);
      sink.addAll(r.warnings, source);
      return r.value;
    } catch (e) {
      if (!(e instanceof DiscoveryError)) throw e;
      sink.warn(0, `${source}: ${e.message}`);
      return undefined;
    }
  };
  const kernel = part('/proc/version', raw.procVersion, parseProcVersion) ?? part('uname', raw.uname, parseUname);
  const nics = new Map<string, InventoryNic>();
  for (const s of raw.sysNet ?? []) {
    const r = parseSysNetInterface(s);
    sink.addAll(r.warnings, `/sys/class/net/${s.name}`);
    nics.set(s.name, { ...r.value, addresses: [] });
  }
  for (const i of part('ip -j addr', raw.ipAddrJson, parseIpAddrJson) ?? []) {
    const known = nics.get(i.name);
    nics.set(i.name, {
      name: i.name,
      index: i.index,
      ...opt('mac', known?.mac ?? i.mac),
      ...opt('mtuBytes', known?.mtuBytes ?? i.mtuBytes),
      ...opt('speedMbps', known?.speedMbps),
      ...opt('operstate', known?.operstate ?? i.operstate?.toLowerCase()),
      ...opt('linkType', i.linkType),
      addresses: i.addresses,
    });
  }
  const packages = part('dpkg-query', raw.dpkgQuery, parseDpkgQuery);
  const cpu = part('/proc/cpuinfo', raw.cpuinfo, parseCpuinfo);
  const memory = part('/proc/meminfo', raw.meminfo, parseMeminfo);
  return sink.result({
    ...opt('os', part('os-release', raw.osRelease, parseOsRelease)),
    ...opt('kernel', kernel),
    ...opt('cpu', cpu === undefined ? undefined : stableCpu(cpu)),
    ...opt('memory', memory === undefined ? undefined : { ...opt('totalBytes', memory.totalBytes), ...opt('swapTotalBytes', memory.swapTotalBytes) }),
    nics: [...nics.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...opt('packages', packages?.sort((a, b) => (a.name === b.name ? cmp(a.architecture, b.architecture) : cmp(a.name, b.name)))),
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stableCpu(cpu: CpuInfo): Omit<CpuInfo, 'mhz'> {
  const { mhz: _mhz, ...rest } = cpu;
  return rest;
}

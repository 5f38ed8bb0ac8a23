import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DPKG_QUERY_FORMAT, buildInventory, type HostInventory, type RawInventory, type RawSysNetInterface } from '../index.ts';
import { runCommand } from './run-command.ts';

/** Where the inventory collector reads from; tests point the roots at fixture trees. */
export interface InventorySources {
  readonly procRoot: string;
  readonly sysClassNet: string;
  /** os-release(5): the first of these that exists. */
  readonly osReleasePaths: readonly string[];
  /** Run `ip -j addr` (false in tests that have no namespace of their own). */
  readonly ipCommand: boolean;
  /** Run dpkg-query (absent on non-Debian hosts: one warning). */
  readonly dpkgCommand: boolean;
  /** Budget for each command. */
  readonly commandTimeoutMs: number;
}

export const DEFAULT_INVENTORY_SOURCES: InventorySources = Object.freeze({
  procRoot: '/proc',
  sysClassNet: '/sys/class/net',
  osReleasePaths: Object.freeze(['/etc/os-release', '/usr/lib/os-release']),
  ipCommand: true,
  dpkgCommand: true,
  commandTimeoutMs: 10_000,
});

/** What an inventory collection saw. */
export interface InventoryCollection {
  readonly inventory: HostInventory;
  readonly warnings: readonly string[];
}

/** Bound on interfaces read from sysfs. */
export const MAX_INTERFACES = 4_096;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function firstReadable(paths: readonly string[]): Promise<string | undefined> {
  for (const p of paths) {
    const t = await readOptional(p);
    if (t !== undefined) return t;
  }
  return undefined;
}

async function sysNet(root: string): Promise<RawSysNetInterface[]> {
  let names: string[];
  try {
    names = (await readdir(root)).sort().slice(0, MAX_INTERFACES);
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const [address, mtu, speed, operstate] = await Promise.all(['address', 'mtu', 'speed', 'operstate'].map((f) => readOptional(join(root, name, f))));
      return { name, ...(address === undefined ? {} : { address }), ...(mtu === undefined ? {} : { mtu }), ...(speed === undefined ? {} : { speed }), ...(operstate === undefined ? {} : { operstate }) };
    }),
  );
}

/**
 * Reads os-release, /proc/version, /proc/cpuinfo, /proc/meminfo, /sys/class/net/* and runs `ip -j addr` and
 * `dpkg-query -W` (no shell; killed at the timeout or when `signal` aborts) and builds the inventory. Passive:
 * reads files and asks local tools only. Whatever is missing becomes one warning.
 */
export async function collectInventory(sources: InventorySources = DEFAULT_INVENTORY_SOURCES, signal?: AbortSignal): Promise<InventoryCollection> {
  const warnings: string[] = [];
  const [osRelease, procVersion, cpuinfo, meminfo, nets, ip, dpkg] = await Promise.all([
    firstReadable(sources.osReleasePaths),
    readOptional(join(sources.procRoot, 'version')),
    readOptional(join(sources.procRoot, 'cpuinfo')),
    readOptional(join(sources.procRoot, 'meminfo')),
    sysNet(sources.sysClassNet),
    sources.ipCommand ? runCommand('ip', ['-j', 'addr'], sources.commandTimeoutMs, signal) : undefined,
    sources.dpkgCommand ? runCommand('dpkg-query', ['-W', '-f', DPKG_QUERY_FORMAT], sources.commandTimeoutMs, signal) : undefined,
  ]);
  if (osRelease === undefined) warnings.push('os-release: not found');
  if (ip !== undefined && !ip.ok) warnings.push(ip.reason);
  if (dpkg !== undefined && !dpkg.ok) warnings.push(dpkg.reason);
  const raw: RawInventory = {
    ...(osRelease === undefined ? {} : { osRelease }),
    ...(procVersion === undefined ? {} : { procVersion }),
    ...(cpuinfo === undefined ? {} : { cpuinfo }),
    ...(meminfo === undefined ? {} : { meminfo }),
    sysNet: nets,
    ...(ip?.ok === true ? { ipAddrJson: ip.stdout } : {}),
    ...(dpkg?.ok === true ? { dpkgQuery: dpkg.stdout } : {}),
  };
  const r = buildInventory(raw);
  return { inventory: r.value, warnings: [...warnings, ...r.warnings.map((w) => `${w.message}${w.excerpt === undefined ? '' : `: ${w.excerpt}`}`)] };
}

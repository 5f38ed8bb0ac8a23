/**
 * The discovery kinds a nanoprobe runs on its host, behind one `run(task, signal)`: `netstat` (sockets joined to
 * processes, from /proc), `arp` (/proc/net/arp), `inventory` (OS, kernel, CPU, memory, NICs, packages) and
 * `lldp` (neighbours heard by the supervised tcpdump capture, started on the kind's first run and stopped when it
 * leaves the plan) and `facts` (the host's own operator facts from its facts.d drop-ins). Each answer is the kind's payload in canonical form with its content hash; the pure core
 * decides whether it is sent.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectInventory, DEFAULT_INVENTORY_SOURCES, type InventorySources } from '../../discovery/collectors/inventory.ts';
import { collectFacts, DEFAULT_FACTS_COLLECTOR, type FactsCollectorInit } from '../../discovery/collectors/facts.ts';
import { collectNetstat, NetstatOwnerCache } from '../../discovery/collectors/netstat-stream.ts';
import { arpPayload, canonicalData, contentHash, parseProcNetArp } from '../../discovery/index.ts';
import { NOOP_LOGGER, type Logger, type Scheduler } from '../../runtime/index.ts';
import type { DiscoveryOutcome } from '../core/discovery-schedule.ts';
import type { DiscoveryTask } from '../core/index.ts';
import { spawnCaptureProcess } from './capture-spawn.ts';
import { DEFAULT_LLDP_CAPTURE, LldpCapture, type LldpCaptureInit, type SpawnCapture } from './lldp-capture.ts';

/** A collector's "nothing trustworthy yet" (see DiscoveryOutcome.notReady). */
const NOT_READY: unique symbol = Symbol('not ready');

/** The kinds this host can collect. */
export const DISCOVERY_KINDS = ['netstat', 'arp', 'inventory', 'lldp', 'facts'] as const;
export type DiscoveryKindName = (typeof DISCOVERY_KINDS)[number];

/** What the daemon needs from the collectors. */
export interface DiscoveryRunner {
  /** Runs one collection of `task.kind`; never rejects. `signal` aborts it (timeout: the core gave up on it). */
  run(task: DiscoveryTask, signal: AbortSignal): Promise<DiscoveryOutcome>;
  /** The plan changed: the kinds now scheduled (stops the capture when `lldp` left). */
  planChanged(kinds: readonly string[]): void;
  /** Stops everything long-running (the capture). Idempotent. */
  stop(): void;
}

export interface HostCollectorsInit {
  readonly procRoot: string;
  readonly sysClassNet: string;
  readonly inventory: InventorySources;
  /** The facts drop-ins (`nanoprobe run --facts-dir`). */
  readonly facts: FactsCollectorInit;
  /** Capture settings; interfaces come from the `lldp` task's args, else `lldpInterfaces`, else every Ethernet interface. */
  readonly capture: Omit<LldpCaptureInit, 'interfaces'>;
  /** This host's own choice (`--lldp-interfaces`), for an `lldp` task without args (the CMA's plan has none). */
  readonly lldpInterfaces?: readonly string[];
}

export const DEFAULT_HOST_COLLECTORS: HostCollectorsInit = Object.freeze({
  procRoot: '/proc',
  sysClassNet: '/sys/class/net',
  inventory: DEFAULT_INVENTORY_SOURCES,
  facts: DEFAULT_FACTS_COLLECTOR,
  capture: DEFAULT_LLDP_CAPTURE,
});

/** Distinct drop-in warnings remembered (each is logged once at warn, then at debug). */
const MAX_REMEMBERED_WARNINGS = 256;

export interface HostCollectorsComponents {
  readonly scheduler: Scheduler;
  readonly logger?: Logger;
  readonly spawn?: SpawnCapture;
}

/**
 * A payload in canonical form and the SHA-256 of its canonical JSON (streamed: no canonical copy of a payload
 * that already is plain data, no whole JSON string).
 */
export function outcomeOf(payload: unknown): DiscoveryOutcome {
  return { ok: true, hash: contentHash(payload), payload: canonicalData(payload) };
}

/** Ethernet interfaces (ARPHRD_ETHER, /sys/class/net/X/type = 1) other than loopback, sorted. */
export async function ethernetInterfaces(sysClassNet = '/sys/class/net'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(sysClassNet);
  } catch {
    return [];
  }
  const types = await Promise.all(names.map((n) => readFile(join(sysClassNet, n, 'type'), 'utf8').then((t) => t.trim(), () => '')));
  return names.filter((n, i) => types[i] === '1' && n !== 'lo').sort();
}

/** The real collectors of this host. */
export class HostCollectors implements DiscoveryRunner {
  readonly #init: HostCollectorsInit;
  readonly #c: HostCollectorsComponents;
  readonly #log: Logger;
  #capture: LldpCapture | undefined;
  #captureKey = '';
  /** Facts warnings already logged at warn level; bounded by MAX_REMEMBERED_WARNINGS. */
  readonly #warned = new Set<string>();
  /** Owners of the last full netstat fd scan (see NetstatOwnerCache). */
  readonly #netstatOwners = new NetstatOwnerCache();

  constructor(init: HostCollectorsInit, components: HostCollectorsComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = (components.logger ?? NOOP_LOGGER).child({ component: 'nanoprobe.discovery' });
  }

  /** The running capture, if the `lldp` kind started one. */
  get capture(): LldpCapture | undefined {
    return this.#capture;
  }

  async run(task: DiscoveryTask, signal: AbortSignal): Promise<DiscoveryOutcome> {
    try {
      const payload = await this.#collect(task, signal);
      if (signal.aborted) return { ok: false, reason: 'abandoned' };
      if (payload === NOT_READY) return { ok: false, reason: 'capture still warming up', notReady: true };
      return typeof payload === 'string' ? { ok: false, reason: payload } : outcomeOf(payload);
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  planChanged(kinds: readonly string[]): void {
    if (!kinds.includes('lldp')) this.#stopCapture();
  }

  stop(): void {
    this.#stopCapture();
  }

  /** The payload, or a string saying why there is none. */
  async #collect(task: DiscoveryTask, signal: AbortSignal): Promise<unknown> {
    switch (task.kind) {
      case 'netstat':
        return (await collectNetstat(this.#init.procRoot, signal, {}, this.#netstatOwners)).payload;
      case 'arp':
        return arpPayload(parseProcNetArp(await readFile(join(this.#init.procRoot, 'net/arp'), 'utf8')).value);
      case 'inventory':
        return (await collectInventory(this.#init.inventory, signal)).inventory;
      case 'lldp':
        return this.#lldp(task.args);
      case 'facts':
        return this.#facts(signal);
      default:
        return `unknown discovery kind ${task.kind}`;
    }
  }

  /** The facts; each bad drop-in is one warning (the first time it is seen), the rest goes on. */
  async #facts(signal: AbortSignal): Promise<unknown> {
    const r = await collectFacts(this.#init.facts, signal);
    for (const w of r.warnings) {
      if (this.#warned.has(w)) {
        this.#log.debug('facts drop-in problem', { problem: w });
        continue;
      }
      if (this.#warned.size < MAX_REMEMBERED_WARNINGS) this.#warned.add(w);
      this.#log.warn('facts drop-in problem', { dir: this.#init.facts.dir, problem: w });
    }
    return r.payload;
  }

  async #lldp(args: readonly string[]): Promise<unknown> {
    const chosen = args.length > 0 ? args : (this.#init.lldpInterfaces ?? []);
    const interfaces = chosen.length > 0 ? [...chosen].sort() : await ethernetInterfaces(this.#init.sysClassNet);
    const key = interfaces.join(',');
    if (this.#capture !== undefined && this.#captureKey !== key) this.#stopCapture();
    if (this.#capture === undefined) {
      this.#captureKey = key;
      this.#capture = new LldpCapture(
        { ...this.#init.capture, interfaces },
        { scheduler: this.#c.scheduler, logger: this.#log, spawn: this.#c.spawn ?? spawnCaptureProcess() },
      );
      this.#capture.start();
      this.#log.info('LLDP/CDP capture started', { interfaces });
    }
    const why = this.#capture.unavailable;
    if (why !== undefined) return why;
    if (!this.#capture.ready()) return NOT_READY;
    return { neighbours: this.#capture.snapshot().map((h) => ({ interface: h.interface, ...h.neighbour })) };
  }

  #stopCapture(): void {
    this.#capture?.stop();
    this.#capture = undefined;
    this.#captureKey = '';
  }
}

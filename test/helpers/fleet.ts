// A real fleet for integration tests: one `cma run` and N `nanoprobe run` processes, each in its own network
// namespace on one test LAN (198.18.0.0/16), all real binaries from dist/.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestLan, type TestHost } from './netns.ts';

export interface HostRow {
  readonly hostId: string;
  readonly hostname: string;
  readonly status: string;
  readonly ringId: string | null;
  readonly deadReason: string;
}

export interface RingRow {
  readonly ringId: string;
  readonly members: readonly string[];
}

const CMA_PORT = 1984;
const NANOPROBE_BIN = 'dist/nanoprobe/cli.js';

/** The node options a bin's `#!/usr/bin/env -S node …` line starts it with, so tests run it as shipped. */
export function shebangNodeArgs(file: string): string[] {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env(?: -S)? node(.*)$/.exec(first);
  return (m?.[1] ?? '').split(' ').filter(Boolean);
}
const API_PORT = 1985;

export class Fleet {
  readonly lan: TestLan;
  readonly dir: string;
  readonly cmaHost: TestHost;
  readonly probeHosts: TestHost[];
  cma: ChildProcess | undefined;
  /** nanoprobe process per host index (1-based, as in the LAN). */
  readonly probes = new Map<number, ChildProcess>();
  /** Node options for the nanoprobe processes: those of the bin's shebang unless a benchmark compares others. */
  probeNodeArgs: readonly string[] = shebangNodeArgs(NANOPROBE_BIN);
  /** The nanoprobe program the fleet runs (a benchmark may measure a bundled build instead). */
  probeScript = NANOPROBE_BIN;
  /** Extra `cma run` options (e.g. --ring-timing). */
  cmaArgs: readonly string[] = [];
  /** Hostnames the nanoprobes report, by host index (default the LAN's name, h<i>). */
  readonly hostnames = new Map<number, string>();
  /** pino level of every process started here ($RW_LOG, else warn). */
  logLevel = process.env.RW_LOG ?? 'warn';

  /** `subnet` picks the hosts' addresses, 198.18.<subnet>.1 … (the CMA's host is the last one). */
  constructor(tag: string, nanoprobes: number, subnet = 0) {
    this.lan = TestLan.create(tag, nanoprobes + 1, subnet);
    this.dir = mkdtempSync(join(tmpdir(), `rw-fleet-${tag}-`));
    this.cmaHost = this.lan.host(nanoprobes + 1);
    this.probeHosts = Array.from({ length: nanoprobes }, (_, i) => this.lan.host(i + 1));
  }

  /** Starts the CMA; `storeArgs` picks its store (default `--store file`, in the fleet's dir), `env` adds variables. */
  startCma(storeArgs: readonly string[] = ['--store', 'file'], env: NodeJS.ProcessEnv = {}): ChildProcess {
    this.cma = this.lan.spawn(this.cmaHost, process.execPath, [
      'dist/cma/cli.js', 'run', '--listen', `${this.cmaHost.ip}:${CMA_PORT}`, '--api', `127.0.0.1:${API_PORT}`, '--state-dir', join(this.dir, 'cma'), ...storeArgs, '--log-level', this.logLevel, ...this.cmaArgs,
    ], env);
    return this.cma;
  }

  /** Starts nanoprobe i; `viaMulticast` leaves out --cma so it must find the CMA by multicast STARTUP; `env` adds variables. */
  startProbe(i: number, viaMulticast = false, env: NodeJS.ProcessEnv = {}): ChildProcess {
    const host = this.lan.host(i);
    const child = this.lan.spawn(host, process.execPath, [
      ...this.probeNodeArgs, this.probeScript, 'run', ...(viaMulticast ? [] : ['--cma', `${this.cmaHost.ip}:${CMA_PORT}`]), '--listen', `${host.ip}:${CMA_PORT}`, '--state-dir', join(this.dir, host.name), '--hostname', this.hostnames.get(i) ?? host.name, '--log-level', this.logLevel,
    ], env);
    this.probes.set(i, child);
    return child;
  }

  /** GET from the CMA's API (it listens on the CMA namespace's loopback: ask from inside). */
  async api<T>(path: string): Promise<T> {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('ip', ['netns', 'exec', this.cmaHost.ns, process.execPath, '-e', `fetch('http://127.0.0.1:${API_PORT}${path}').then(r=>r.text()).then(t=>process.stdout.write(t)).catch(e=>{console.error(e.message);process.exit(1)})`], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`api ${path}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  hosts(): Promise<HostRow[]> {
    return this.api<HostRow[]>('/hosts');
  }

  rings(): Promise<RingRow[]> {
    return this.api<RingRow[]>('/rings');
  }

  /** Stored CMA events since a wall time. */
  events(sinceWallMs = 0): Promise<{ type: string; hostId: string | null; wallMs: number }[]> {
    return this.api(`/events?since=${sinceWallMs}`);
  }

  /** Host ids declared dead since a wall time (from the CMA's event log, so transient deaths count too). */
  async deathsSince(sinceWallMs: number): Promise<string[]> {
    return (await this.events(sinceWallMs)).filter((e) => e.type === 'host-dead').map((e) => e.hostId ?? '?');
  }

  async datagramsAtCma(): Promise<number> {
    return (await this.api<{ daemon: { datagramsReceived: number } }>('/status')).daemon.datagramsReceived;
  }

  /** Polls `check` every 100 ms until it returns a value other than undefined, or throws after `maxMs`. */
  async until<T>(what: string, check: () => Promise<T | undefined>, maxMs = 20_000): Promise<T> {
    const deadline = Date.now() + maxMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const v = await check();
        if (v !== undefined) return v;
      } catch (err) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out after ${maxMs} ms waiting for ${what}${last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})`}`);
  }

  destroy(): void {
    this.lan.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

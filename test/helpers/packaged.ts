// The nanoprobe as the Debian package installs it: the .deb built by scripts/nanoprobe-deb.ts, unpacked with
// `dpkg -x` into a temporary root; and a real `cma run --store memory` on loopback for it to register with.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNanoprobeDeb, type DebResult } from '../../scripts/nanoprobe-deb.ts';

export interface Unpacked extends DebResult {
  /** Temporary directory holding the .deb and the unpacked root (`root`). */
  readonly dir: string;
  readonly root: string;
  /** `<root>/usr/bin/nanoprobe`, the wrapper. */
  readonly bin: string;
}

/** Builds the .deb into a temporary directory and unpacks it there with `dpkg -x`. */
export async function buildAndUnpack(): Promise<Unpacked> {
  const dir = mkdtempSync(join(tmpdir(), 'rw-pkg-'));
  const deb = await buildNanoprobeDeb(dir);
  const root = join(dir, 'root');
  const r = spawnSync('dpkg', ['-x', deb.file, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dpkg -x: ${r.stderr}`);
  return { ...deb, dir, root, bin: join(root, 'usr/bin/nanoprobe') };
}

/** A free UDP port on 127.0.0.1 (bound and released). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(r));
  return port;
}

/** A free TCP port on 127.0.0.1 (listened on and released). */
export async function freeTcpPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  await new Promise<void>((r) => {
    s.close(() => {
      r();
    });
  });
  return typeof a === 'object' && a !== null ? a.port : 0;
}

export interface CmaHost {
  readonly hostId: string;
  readonly hostname: string;
  readonly status: string;
  readonly deadReason: string;
}

/** A real `cma run --store memory` on loopback (no multicast, no discovery plan). */
export class LoopbackCma {
  readonly dir = mkdtempSync(join(tmpdir(), 'rw-lcma-'));
  port = 0;
  apiPort = 0;
  proc: ChildProcess | undefined;
  stderr = '';

  async start(): Promise<void> {
    this.port = await freeUdpPort();
    this.apiPort = await freeTcpPort();
    this.proc = spawn(process.execPath, ['dist/cma/cli.js', 'run', '--store', 'memory', '--listen', `127.0.0.1:${this.port}`, '--api', `127.0.0.1:${this.apiPort}`, '--state-dir', join(this.dir, 'cma'), '--no-multicast', '--discovery', 'none', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr?.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-4_000);
    });
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** `cma hosts --json` (undefined while the API does not answer). */
  hosts(): CmaHost[] | undefined {
    const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'hosts', '--api', `127.0.0.1:${this.apiPort}`, '--json'], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? (JSON.parse(r.stdout) as CmaHost[]) : undefined;
  }

  host(hostname: string): CmaHost | undefined {
    return this.hosts()?.find((h) => h.hostname === hostname);
  }

  stop(): void {
    this.proc?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` every 200 ms until it returns something other than undefined; throws after `maxMs`. */
export async function until<T>(what: string, check: () => T | undefined, maxMs = 20_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${maxMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

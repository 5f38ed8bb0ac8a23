// A real `cma run` process on loopback for live-mode tests and benchmarks: kernel-chosen UDP and API ports (read
// back from its first stdout line), its own state dir, stopped with SIGTERM (SIGKILL after 10 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { shebangNodeArgs } from './fleet.ts';

export interface CmaProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly udp: { host: string; port: number };
  readonly api: { host: string; port: number };
  /** The last stderr lines (pino JSON). */
  stderrTail(): string[];
  stop(): Promise<void>;
}

const addr = (text: string): { host: string; port: number } => {
  const i = text.lastIndexOf(':');
  return { host: text.slice(0, i), port: Number(text.slice(i + 1)) };
};

/** Starts `cma run` on 127.0.0.1 with `storeArgs` (e.g. ['--store', 'memory']); resolves once it listens. */
export async function startCmaProcess(storeArgs: readonly string[], env: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): Promise<CmaProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'rw-live-cma-'));
  const child = spawn(process.execPath, [
    ...shebangNodeArgs('dist/cma/cli.js'), 'dist/cma/cli.js', 'run', '--listen', '127.0.0.1:0', '--api', '127.0.0.1:0', '--state-dir', dir, '--no-multicast', '--discovery', 'none', '--log-level', process.env.RW_LOG ?? 'warn', ...storeArgs, ...extraArgs,
  ], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => { reject(new Error(`cma run exited (${code}) before listening:\n${tail.join('\n')}`)); });
  });
  const m = /listening on (\S+) \(api http:\/\/(\S+?),/.exec(first);
  if (m?.[1] === undefined || m[2] === undefined) throw new Error(`unexpected first line of cma run: ${first}`);
  return {
    child,
    pid: child.pid ?? 0,
    udp: addr(m[1]),
    api: addr(m[2]),
    stderrTail: () => [...tail],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `npm run demo`: the core loop of ringwatch with real processes. A CMA and six nanoprobes start (each in its
// own network namespace when we are root, else on loopback addresses), register, and form a ring; one nanoprobe
// is killed with SIGKILL; the demo prints how long the CMA took to confirm the death and the repaired ring; then
// everything is stopped and removed. Human output on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet, type HostRow, type RingRow } from '../test/helpers/fleet.ts';
import { canUseNamespaces } from '../test/helpers/netns.ts';

const N = 6;
const say = (line = ''): void => {
  console.log(line);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What the demo needs from a fleet, whether in namespaces or on loopback. */
interface DemoFleet {
  readonly where: string;
  startCma(): void;
  startProbe(i: number): void;
  kill(i: number): void;
  hosts(): Promise<HostRow[]>;
  rings(): Promise<RingRow[]>;
  destroy(): void;
}

function namespaceFleet(): DemoFleet {
  const f = new Fleet('dm', N);
  return {
    where: `network namespaces on a test LAN, 198.18.0.1-${N} and the CMA at ${f.cmaHost.ip}`,
    startCma: () => f.startCma(),
    startProbe: (i) => f.startProbe(i),
    kill: (i) => f.probes.get(i)?.kill('SIGKILL'),
    hosts: () => f.hosts(),
    rings: () => f.rings(),
    destroy: () => {
      f.destroy();
    },
  };
}

function loopbackFleet(): DemoFleet {
  const dir = mkdtempSync(join(tmpdir(), 'rw-demo-'));
  const children = new Map<number, ChildProcess>();
  const api = 'http://127.0.0.1:19850';
  const run = (i: number, args: string[]): void => {
    children.set(i, spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] }));
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${api}${path}`)).json()) as T;
  return {
    where: `loopback addresses 127.0.10.1-${N} (run as root for network namespaces)`,
    startCma: () => {
      run(0, ['dist/cma/cli.js', 'run', '--listen', '127.0.10.100:19840', '--api', '127.0.0.1:19850', '--state-dir', join(dir, 'cma'), '--store', 'file', '--log-level', 'warn']);
    },
    startProbe: (i) => {
      run(i, ['dist/nanoprobe/cli.js', 'run', '--cma', '127.0.10.100:19840', '--listen', `127.0.10.${i}:19840`, '--state-dir', join(dir, `h${i}`), '--hostname', `h${i}`, '--log-level', 'warn']);
    },
    kill: (i) => children.get(i)?.kill('SIGKILL'),
    hosts: () => get<HostRow[]>('/hosts'),
    rings: () => get<RingRow[]>('/rings'),
    destroy: () => {
      for (const c of children.values()) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function until<T>(check: () => Promise<T | undefined>, maxMs: number): Promise<T> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('demo: timed out');
}

function printRings(rings: readonly RingRow[], names: Map<string, string>): void {
  for (const r of rings) say(`  ${r.ringId.padEnd(24)} ${r.members.map((m) => names.get(m) ?? m.slice(0, 6)).join(' → ')}${r.members.length > 1 ? ' → (back to the first)' : ''}`);
}

const fleet = canUseNamespaces() && process.env.RINGWATCH_DEMO_LOOPBACK !== '1' ? namespaceFleet() : loopbackFleet();
try {
  say(`ringwatch demo: 1 CMA + ${N} nanoprobes, real processes, in ${fleet.where}`);
  fleet.startCma();
  await until(async () => ((await fleet.hosts()).length >= 0 ? true : undefined), 10_000);
  const t0 = Date.now();
  for (let i = 1; i <= N; i++) fleet.startProbe(i);
  const hosts = await until(async () => {
    const h = await fleet.hosts();
    return h.filter((x) => x.status === 'up').length === N ? h : undefined;
  }, 20_000);
  const names = new Map(hosts.map((h) => [h.hostId, h.hostname]));
  say(`\n${N} nanoprobes registered in ${Date.now() - t0} ms; the CMA built these rings (each host heartbeats its neighbours every second):`);
  printRings(await fleet.rings(), names);
  say('\nall is well, so the CMA hears nothing; waiting 3 s …');
  await sleep(3_000);
  const victim = hosts.find((h) => h.hostname === 'h3');
  if (victim === undefined) throw new Error('demo: no h3');
  say(`\nkill -9 h3 (${victim.hostId.slice(0, 12)}) …`);
  const killedAt = Date.now();
  fleet.kill(3);
  const dead = await until(async () => (await fleet.hosts()).find((h) => h.hostId === victim.hostId && h.status === 'dead'), 15_000);
  let reason = dead.deadReason;
  for (const [id, name] of names) reason = reason.replaceAll(id, name);
  say(`h3 declared dead by the CMA ${Date.now() - killedAt} ms after the kill: ${reason}`);
  say('\nthe ring repaired around it:');
  printRings(await fleet.rings(), names);
  const rows = await fleet.hosts();
  say(`\nhosts: ${rows.filter((h) => h.status === 'up').length} up, ${rows.filter((h) => h.status === 'dead').length} dead — try it yourself: cma run, nanoprobe run --cma <cma-ip>:1984, cma hosts, cma rings`);
} finally {
  fleet.destroy();
}

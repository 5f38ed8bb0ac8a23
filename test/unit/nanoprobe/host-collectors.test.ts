/**
 * HostCollectors: each kind's payload and content hash from real inputs — a captured /proc/net/arp, this test
 * process's own listening socket in the live /proc, and the capture fed through a fake tcpdump.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import test from 'ava';
import { DEFAULT_HOST_COLLECTORS, HostCollectors, outcomeOf } from '../../../nanoprobe/discovery/host-collectors.ts';
import type { DiscoveryTask } from '../../../nanoprobe/core/index.ts';
import { ManualScheduler } from '../../../runtime/index.ts';
import { fixture } from '../../helpers/discovery-oracles.ts';

const task = (kind: string, args: readonly string[] = []): DiscoveryTask => ({ kind, intervalMs: 60_000, timeoutMs: 10_000, args });
const signal = (): AbortSignal => new AbortController().signal;

test('content hash: key order does not matter, content does; undefined members are dropped', (t) => {
  const a = outcomeOf({ b: 1, a: [1, 2], c: undefined });
  const b = outcomeOf({ a: [1, 2], b: 1 });
  t.true(a.ok && b.ok && a.hash === b.hash);
  const c = outcomeOf({ a: [2, 1], b: 1 });
  t.true(c.ok && a.ok && c.hash !== a.hash);
  t.deepEqual(a.ok ? a.payload : undefined, { a: [1, 2], b: 1 });
});

test('arp: complete neighbours of a captured table, same hash on every run', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'rw-hc-'));
  try {
    mkdirSync(join(root, 'net'));
    copyFileSync(join(process.cwd(), 'test/fixtures/procfs/live-netns-kernel-6.18/hostA.proc-net-arp'), join(root, 'net/arp'));
    const hc = new HostCollectors({ ...DEFAULT_HOST_COLLECTORS, procRoot: root }, { scheduler: new ManualScheduler() });
    const one = await hc.run(task('arp'), signal());
    const two = await hc.run(task('arp'), signal());
    t.true(one.ok);
    t.deepEqual(one, two);
    if (!one.ok) return;
    t.deepEqual(one.payload, {
      neighbours: [
        { device: 'vethPA', ip: '198.18.1.2', mac: '02:00:5e:00:1b:01', permanent: false },
        { device: 'vethPA', ip: '198.18.1.9', mac: '02:00:5e:00:1a:99', permanent: true },
      ],
    });
    t.regex(one.hash, /^[0-9a-f]{64}$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('netstat: this process listening on loopback is a listener with its pid', async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const hc = new HostCollectors(DEFAULT_HOST_COLLECTORS, { scheduler: new ManualScheduler() });
    const r = await hc.run(task('netstat'), signal());
    t.true(r.ok);
    const payload = (r.ok ? r.payload : {}) as { processes: { pid: number; exe: string }[]; listeners: { proto: string; address: string; port: number; pids: number[] }[] };
    const mine = payload.listeners.find((l) => l.port === port);
    t.like(mine, { proto: 'tcp', address: '127.0.0.1' });
    t.deepEqual(mine?.pids, [process.pid]);
    t.is(payload.processes.find((p) => p.pid === process.pid)?.exe, process.execPath);
  } finally {
    server.close();
  }
});

test('unknown kinds fail with a reason; lldp reports what the capture heard, and stops when it leaves the plan', async (t) => {
  const procs: (EventEmitter & { stdout: PassThrough; stderr: PassThrough; killed: string | undefined; kill: () => boolean })[] = [];
  const scheduler = new ManualScheduler();
  const hc = new HostCollectors(DEFAULT_HOST_COLLECTORS, {
    scheduler,
    spawn: () => {
      const p = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), killed: undefined as string | undefined, kill: () => ((p.killed = 'yes'), true) });
      procs.push(p);
      return p;
    },
  });
  t.deepEqual(await hc.run(task('nope'), signal()), { ok: false, reason: 'unknown discovery kind nope' });
  t.like(await hc.run(task('lldp', ['vethB', 'vethC']), signal()), { ok: false, notReady: true }, 'nothing heard yet: not ready, not "no neighbours"');
  scheduler.clock.advance(35_000);
  t.like(await hc.run(task('lldp', ['vethB', 'vethC']), signal()), { ok: true, payload: { neighbours: [] } }, 'after the warm-up an empty table is the answer');
  t.like(await hc.run(task('lldp', ['vethB']), signal()), { ok: false, notReady: true }, 'other interfaces: a new capture, warming up again');
  procs[2]?.stdout.write(fixture('lldpd-live/lldpd-1.0.16-all-protocols.pcap'));
  await new Promise((r) => setImmediate(r));
  const second = await hc.run(task('lldp', ['vethB']), signal());
  t.true(second.ok, 'every interface heard a neighbour: ready before the warm-up ends');
  const payload = (second.ok ? second.payload : {}) as { neighbours: { interface: string; protocol: string; systemName?: string }[] };
  t.deepEqual([...new Set(payload.neighbours.map((n) => `${n.interface} ${n.protocol}`))].sort(), ['vethB cdp', 'vethB edp', 'vethB fdp', 'vethB lldp', 'vethB sonmp']);
  t.is(procs.length, 3, 'two tcpdumps for vethB+vethC, then one for vethB, kept between runs');
  t.is(procs[0]?.killed, 'yes');
  hc.planChanged(['netstat']);
  t.is(procs[2]?.killed, 'yes');
});

test('lldp without task args captures on the host\'s own --lldp-interfaces (a CMA plan has no args), not every NIC', async (t) => {
  const spawned: string[][] = [];
  const hc = new HostCollectors({ ...DEFAULT_HOST_COLLECTORS, lldpInterfaces: ['uplink0'] }, {
    scheduler: new ManualScheduler(),
    spawn: (_file, args) => {
      spawned.push([...args]);
      return Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), kill: () => true });
    },
  });
  t.like(await hc.run(task('lldp'), signal()), { ok: false, notReady: true });
  t.is(spawned.length, 1, 'one tcpdump');
  t.is(spawned[0]?.[spawned[0].indexOf('-i') + 1], 'uplink0');
  hc.stop();
});

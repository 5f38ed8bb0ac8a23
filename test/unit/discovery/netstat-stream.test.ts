/**
 * The streaming netstat collector (discovery/collectors/netstat-stream.ts) gives exactly the payload of the
 * whole-table path (collectSockets + netstatPayload) — on a generated busy-server tree and on the live /proc of
 * this test process — and the line reader survives chunk boundaries inside lines and UTF-8 sequences.
 */
import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import * as fc from 'fast-check';
import { collectNetstat, forEachLine, NetstatOwnerCache } from '../../../discovery/collectors/netstat-stream.ts';
import { collectSockets } from '../../../discovery/collectors/procfs.ts';
import { NetstatBuilder, netstatPayload, parseProcNet, formatProcNet, joinSocketsToProcesses } from '../../../discovery/index.ts';
import { procfsTree } from '../../../bench/discovery-collect.ts';
import { syntheticTcpSocket } from '../../helpers/procfs.ts';

test('generated tree (2k sockets, 20 processes): same payload as collectSockets + netstatPayload', async (t) => {
  const root = procfsTree(2_000, 20);
  try {
    const streamed = await collectNetstat(root);
    const whole = netstatPayload((await collectSockets(root)).sockets);
    t.deepEqual(streamed.payload, whole);
    t.true(whole.connections.length > 500 && whole.listeners.length > 50 && whole.processes.length > 0, JSON.stringify([whole.connections.length, whole.listeners.length, whole.processes.length]));
    t.deepEqual(streamed.warnings, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('NetstatOwnerCache: no fd scan while the tables show only known sockets; a new socket, a gone owner or the periodic full scan scans again', async (t) => {
  const root = procfsTree(200, 4);
  try {
    const cache = new NetstatOwnerCache(3);
    const first = await collectNetstat(root, undefined, {}, cache);
    t.is(first.processesScanned, 4);
    const second = await collectNetstat(root, undefined, {}, cache);
    t.is(second.processesScanned, 0);
    t.deepEqual(second.payload, first.payload);
    // A new listener held by pid 1000: unknown inode → full scan, and its owner is found.
    const extra = syntheticTcpSocket(5_000);
    appendFileSync(join(root, 'net/tcp'), formatProcNet('tcp', [extra]).split('\n').slice(1).join('\n'));
    symlinkSync(`socket:[${extra.inode}]`, join(root, '1000', 'fd', '999'));
    const third = await collectNetstat(root, undefined, {}, cache);
    t.is(third.processesScanned, 4);
    t.deepEqual(third.payload, netstatPayload((await collectSockets(root)).sockets));
    t.is((await collectNetstat(root, undefined, {}, cache)).processesScanned, 0);
    t.is((await collectNetstat(root, undefined, {}, cache)).processesScanned, 0);
    // Every third run is a full scan (fullScanEvery = 3).
    t.is((await collectNetstat(root, undefined, {}, cache)).processesScanned, 4);
    // An owner gone: scan again, and the payload no longer names it.
    rmSync(join(root, '1003'), { recursive: true });
    const gone = await collectNetstat(root, undefined, {}, cache);
    t.is(gone.processesScanned, 3);
    t.false(gone.payload.processes.some((p) => p.pid === 1003));
    t.deepEqual(gone.payload, netstatPayload((await collectSockets(root)).sockets));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('live /proc: this process listening shows up the same way in both paths', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const streamed = await collectNetstat('/proc');
    const l = streamed.payload.listeners.find((x) => x.port === port && x.address === '127.0.0.1');
    t.truthy(l);
    t.true(l?.pids.includes(process.pid));
    t.truthy(streamed.payload.processes.find((p) => p.pid === process.pid));
    // Same listener, same owners, through the whole-table path (the rest of the host may change in between).
    const whole = netstatPayload((await collectSockets('/proc')).sockets);
    t.deepEqual(whole.listeners.find((x) => x.port === port && x.address === '127.0.0.1'), l);
  } finally {
    server.close();
  }
});

test('NetstatBuilder = netstatPayload for any order of rows and owners', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(400), { maxLength: 120 }), fc.nat(7), (idx, owners) => {
      const rows = [...new Set(idx)].map((i) => syntheticTcpSocket(i));
      const processes = Array.from({ length: owners + 1 }, (_, p) => ({ pid: 100 + p, sockets: rows.filter((_, i) => i % (owners + 1) === p).map((r) => ({ inode: r.inode })), name: `p${p}` }));
      const b = new NetstatBuilder();
      for (const r of rows) b.addSocket(r);
      for (const p of [...processes].reverse()) for (const s of p.sockets) if (b.wants(s.inode)) b.addOwner(s.inode, { pid: p.pid, startTimeTicks: null, name: p.name, exe: null, cmdline: [], uid: null });
      t.deepEqual(b.payload(), netstatPayload(joinSocketsToProcesses(rows, processes)));
    }),
    { numRuns: 200 },
  );
});

test('forEachLine: lines split across tiny chunks and multi-byte characters come out whole', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-lines-'));
  try {
    const lines = ['sl  local_address', 'é€😀 x', '', 'last line without newline ü'];
    const path = join(dir, 'f');
    writeFileSync(path, lines.join('\n'));
    for (const chunk of [1, 2, 3, 5, 64]) {
      const got: string[] = [];
      t.true(await forEachLine(path, (l) => got.push(l), chunk));
      t.deepEqual(got, lines, `chunk ${chunk}`);
    }
    t.false(await forEachLine(join(dir, 'absent'), () => undefined));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ProcNetLineParser through parseProcNet: a generated table round-trips', (t) => {
  const rows = Array.from({ length: 300 }, (_, i) => syntheticTcpSocket(i));
  const r = parseProcNet(formatProcNet('tcp', rows), 'tcp');
  t.is(r.value.length, 300);
  t.deepEqual(r.warnings, []);
});

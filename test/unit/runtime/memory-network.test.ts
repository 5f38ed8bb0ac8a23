import test from 'ava';
import { ManualScheduler } from '../../../runtime/manual-scheduler.ts';
import { MemoryNetwork } from '../../../runtime/memory-network.ts';
import type { MemoryNetworkInit } from '../../../runtime/memory-network.ts';
import { SeededRng } from '../../../runtime/rng.ts';
import type { Datagram, Transport } from '../../../runtime/transport.ts';

interface World {
  readonly scheduler: ManualScheduler;
  readonly network: MemoryNetwork;
}

function world(options: Omit<MemoryNetworkInit, 'scheduler' | 'rng'> = {}, seed = 1): World {
  const scheduler = new ManualScheduler();
  return { scheduler, network: new MemoryNetwork({ scheduler, rng: new SeededRng(seed), ...options }) };
}

async function endpoint(network: MemoryNetwork, host: string, port = 0): Promise<{ transport: Transport; inbox: Datagram[] }> {
  const transport = network.createTransport(host, port);
  const inbox: Datagram[] = [];
  transport.onDatagram((d) => inbox.push(d));
  await transport.start();
  return { transport, inbox };
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

test('delivers after the default 1 ms latency with sender address and receive time', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, '198.18.0.1');
  const b = await endpoint(network, '198.18.0.2', 1984);
  a.transport.send(b.transport.localAddress, bytes(1, 2, 3));
  scheduler.runUntil(0.5);
  t.is(b.inbox.length, 0);
  scheduler.runUntil(10);
  t.is(b.inbox.length, 1);
  t.deepEqual(b.inbox[0]?.data, bytes(1, 2, 3));
  t.deepEqual(b.inbox[0]?.from, a.transport.localAddress);
  t.is(b.inbox[0]?.receivedAtMs, 1);
  t.deepEqual(network.stats, { sent: 1, delivered: 1, lost: 0, duplicated: 0, partitioned: 0, unreachable: 0 });
  t.is(a.transport.stats.sent, 1);
  t.is(b.transport.stats.received, 1);
});

test('port 0 gets distinct ephemeral ports; a duplicate bind is refused', async (t) => {
  const { network } = world();
  const a = await endpoint(network, '198.18.0.1');
  const b = await endpoint(network, '198.18.0.1');
  t.not(a.transport.localAddress.port, b.transport.localAddress.port);
  t.true(a.transport.localAddress.port >= 49_152);
  await endpoint(network, '198.18.0.1', 1984);
  t.throws(() => network.createTransport('198.18.0.1', 1984), { code: 'NET_ADDRESS_IN_USE' });
  const late = network.createTransport('198.18.0.3', 7);
  await endpoint(network, '198.18.0.3', 7);
  await t.throwsAsync(late.start(), { code: 'NET_ADDRESS_IN_USE' });
  const sameHostOtherAddr = await endpoint(network, '198.18.0.2', 1984);
  t.is(sameHostOtherAddr.transport.localAddress.port, 1984);
});

test('start and stop are idempotent; nothing is delivered after stop; the port is free again', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b', 5);
  await b.transport.start();
  t.throws(() => network.createTransport('x').localAddress);
  a.transport.send({ host: 'b', port: 5 }, bytes(9));
  await b.transport.stop();
  await b.transport.stop();
  scheduler.runFor(10);
  t.is(b.inbox.length, 0);
  t.is(network.stats.unreachable, 1);
  t.throws(() => b.transport.localAddress);
  const again = await endpoint(network, 'b', 5);
  a.transport.send({ host: 'b', port: 5 }, bytes(9));
  scheduler.runFor(10);
  t.is(again.inbox.length, 1);
});

test('send never throws: unbound destinations vanish, oversize and unstarted sends count as errors', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, 'a');
  a.transport.send({ host: 'nowhere', port: 1 }, bytes(1));
  a.transport.send({ host: 'b', port: 1 }, new Uint8Array(65_508));
  a.transport.send({ host: 'b', port: 0 }, bytes(1));
  a.transport.send({ host: 'b', port: 1 }, new Uint8Array(65_507));
  const idle = network.createTransport('c');
  idle.send({ host: 'a', port: 1 }, bytes(1));
  scheduler.runFor(10);
  t.is(a.transport.stats.sent, 2);
  t.is(a.transport.stats.sendErrors, 2);
  t.is(idle.stats.sendErrors, 1);
  t.is(network.stats.unreachable, 2);
});

test('data is copied on send', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  const buffer = bytes(1, 2, 3);
  a.transport.send(b.transport.localAddress, buffer);
  buffer.fill(0);
  scheduler.runFor(5);
  t.deepEqual(b.inbox[0]?.data, bytes(1, 2, 3));
});

test('handler exceptions are counted as dropped and do not stop delivery', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, 'a');
  const b = network.createTransport('b');
  let calls = 0;
  b.onDatagram(() => {
    calls++;
    throw new Error('bad handler');
  });
  await b.start();
  a.transport.send(b.localAddress, bytes(1));
  a.transport.send(b.localAddress, bytes(2));
  scheduler.runFor(5);
  t.is(calls, 2);
  t.is(b.stats.received, 2);
  t.is(b.stats.dropped, 2);
});

test('latency stays within [min, max] and jitter reorders', async (t) => {
  const { scheduler, network } = world({ latencyMs: { min: 5, max: 50 } }, 7);
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  const order: number[] = [];
  b.transport.onDatagram((d) => {
    order.push(d.data[0] ?? -1);
    t.true(d.receivedAtMs >= 5 && d.receivedAtMs <= 50, `latency ${d.receivedAtMs}`);
  });
  for (let i = 0; i < 200; i++) a.transport.send(b.transport.localAddress, bytes(i));
  scheduler.runFor(100);
  t.is(order.length, 200);
  t.notDeepEqual(order, [...order].sort((x, y) => x - y));
});

test('reorder: false keeps each link FIFO under jitter', async (t) => {
  const { scheduler, network } = world({ latencyMs: { min: 5, max: 50 }, reorder: false }, 7);
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  const order: number[] = [];
  b.transport.onDatagram((d) => order.push(d.data[0] ?? -1));
  for (let i = 0; i < 200; i++) {
    a.transport.send(b.transport.localAddress, bytes(i));
    scheduler.runFor(0.1);
  }
  scheduler.runFor(100);
  t.deepEqual(order, Array.from({ length: 200 }, (_, i) => i));
});

test('loss rate is honoured statistically over 10k datagrams (seeded)', async (t) => {
  const { scheduler, network } = world({ lossRate: 0.2 }, 12_345);
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  for (let i = 0; i < 10_000; i++) a.transport.send(b.transport.localAddress, bytes(i & 0xff));
  scheduler.runFor(10);
  const lost = network.stats.lost;
  t.true(Math.abs(lost - 2_000) < 200, `lost ${lost}`); // 5 sigma is ~200
  t.is(b.inbox.length, 10_000 - lost);
  network.setLoss(0);
  a.transport.send(b.transport.localAddress, bytes(1));
  scheduler.runFor(10);
  t.is(network.stats.lost, lost);
});

test('duplicates arrive twice with independent latency', async (t) => {
  const { scheduler, network } = world({ duplicateRate: 0.1, latencyMs: { min: 1, max: 20 } }, 3);
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  for (let i = 0; i < 1_000; i++) a.transport.send(b.transport.localAddress, bytes(i & 0xff, i >> 8));
  scheduler.runFor(50);
  const dup = network.stats.duplicated;
  t.true(dup > 60 && dup < 140, `duplicated ${dup}`);
  t.is(b.inbox.length, 1_000 + dup);
  t.is(network.stats.delivered, 1_000 + dup);
  const keys = b.inbox.map((d) => `${d.data[0]}/${d.data[1]}`);
  t.is(new Set(keys).size, 1_000);
});

test('partitions cut both directions, also for datagrams in flight; heal restores', async (t) => {
  const { scheduler, network } = world({ latencyMs: { min: 10, max: 10 } });
  const a = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  const c = await endpoint(network, 'c');
  a.transport.send(b.transport.localAddress, bytes(0));
  network.partition(['a'], ['b']);
  a.transport.send(b.transport.localAddress, bytes(1));
  b.transport.send(a.transport.localAddress, bytes(2));
  a.transport.send(c.transport.localAddress, bytes(3));
  scheduler.runFor(20);
  t.is(a.inbox.length, 0);
  t.is(b.inbox.length, 0);
  t.is(c.inbox.length, 1);
  t.is(network.stats.partitioned, 3);
  network.heal();
  a.transport.send(b.transport.localAddress, bytes(4));
  scheduler.runFor(20);
  t.deepEqual(b.inbox.map((d) => d.data[0]), [4]);
});

test('isolate cuts a host off from everyone but itself', async (t) => {
  const { scheduler, network } = world();
  const a = await endpoint(network, 'a');
  const a2 = await endpoint(network, 'a');
  const b = await endpoint(network, 'b');
  network.isolate('a');
  a.transport.send(b.transport.localAddress, bytes(1));
  b.transport.send(a.transport.localAddress, bytes(2));
  a.transport.send(a2.transport.localAddress, bytes(3));
  scheduler.runFor(5);
  t.is(b.inbox.length, 0);
  t.deepEqual(a2.inbox.map((d) => d.data[0]), [3]);
  t.is(network.stats.partitioned, 2);
});

test('settings are validated', (t) => {
  const { network } = world();
  t.throws(() => { network.setLoss(1.5); }, { instanceOf: RangeError });
  t.throws(() => { network.setDuplicate(-0.1); }, { instanceOf: RangeError });
  t.throws(() => { network.setLatency(5, 1); }, { instanceOf: RangeError });
  t.throws(() => network.createTransport('a', 70_000), { instanceOf: RangeError });
});

import test from 'ava';
import fc from 'fast-check';
import { ReliableChannel } from '../../../protocol/channel/index.ts';
import type { ChannelConfig } from '../../../protocol/channel/index.ts';
import { ManualScheduler } from '../../../runtime/manual-scheduler.ts';
import { MemoryNetwork } from '../../../runtime/memory-network.ts';
import { SeededRng } from '../../../runtime/rng.ts';
import { ChannelEndpoint } from '../../helpers/channel-link.ts';

const PROBE = { host: '198.18.0.1', port: 1984 };
const CMA = { host: '198.18.0.100', port: 1984 };

interface LinkOptions {
  readonly seed: number;
  readonly lossRate: number;
  readonly duplicateRate?: number;
  readonly latencyMs?: { min: number; max: number };
  readonly cmaConfig?: Partial<ChannelConfig>;
}

interface Link {
  readonly scheduler: ManualScheduler;
  readonly network: MemoryNetwork;
  readonly probe: ChannelEndpoint;
  readonly cma: ChannelEndpoint;
  readonly rng: SeededRng;
}

async function link(options: LinkOptions): Promise<Link> {
  const scheduler = new ManualScheduler();
  const rng = new SeededRng(options.seed);
  const network = new MemoryNetwork({
    scheduler,
    rng: new SeededRng(options.seed ^ 0x5eed),
    lossRate: options.lossRate,
    duplicateRate: options.duplicateRate ?? 0,
    latencyMs: options.latencyMs ?? { min: 1, max: 40 },
  });
  const probeTransport = network.createTransport(PROBE.host, PROBE.port);
  const cmaTransport = network.createTransport(CMA.host, CMA.port);
  await probeTransport.start();
  await cmaTransport.start();
  const probe = new ChannelEndpoint(
    new ReliableChannel({ localSession: 1 + rng.int(0xfffffffe), config: { autoCommit: true } }),
    probeTransport,
    scheduler,
    CMA,
  );
  const cma = new ChannelEndpoint(
    new ReliableChannel({ localSession: 1 + rng.int(0xfffffffe), config: options.cmaConfig ?? {} }),
    cmaTransport,
    scheduler,
    PROBE,
    { commitDelayMaxMs: 50, rng },
  );
  return { scheduler, network, probe, cma, rng };
}

/** Mixed sizes: mostly small, some just over a segment, some incompressible multi-fragment, some compressible. */
function makePayloads(rng: SeededRng, count: number, tag: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = rng.int(10);
    const size = kind < 6 ? 8 + rng.int(400) : kind < 8 ? 1_101 + rng.int(3_000) : kind < 9 ? 5_000 + rng.int(10_000) : 20_000;
    const bytes = new Uint8Array(size);
    if (kind === 9) bytes.set(new TextEncoder().encode(`message ${i} `.repeat(size / 12).slice(0, size)));
    else for (let j = 0; j < size; j++) bytes[j] = rng.int(256);
    bytes[0] = tag;
    bytes[1] = i & 0xff;
    bytes[2] = i >> 8;
    return bytes;
  });
}

/** Sends `payloads` from `from` at random times within the first `spreadMs`. */
function scheduleSends(l: Link, from: ChannelEndpoint, payloads: readonly Uint8Array[], spreadMs: number): void {
  let atMs = 0;
  for (const payload of payloads) {
    atMs += l.rng.next() * (spreadMs / payloads.length) * 2;
    l.scheduler.at(atMs, () => {
      if (!from.send(payload)) throw new Error('send queue full');
    });
  }
}

/** Runs until both sides have everything (or `limitMs` of virtual time); returns the virtual time used. */
function runUntilDelivered(l: Link, expectedAtCma: number, expectedAtProbe: number, limitMs: number): number {
  while (l.scheduler.clock.now() < limitMs) {
    l.scheduler.runFor(100);
    const done = l.cma.delivered.length >= expectedAtCma && l.probe.delivered.length >= expectedAtProbe;
    if (done && l.probe.channel.queueLength === 0 && l.cma.channel.queueLength === 0) break;
  }
  return l.scheduler.clock.now();
}

const equalBytes = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean =>
  a.length === b.length && a.every((x, i) => Buffer.compare(x, b[i] ?? new Uint8Array()) === 0);

async function exchange(options: LinkOptions, count: number): Promise<{ l: Link; elapsedMs: number; ok: boolean }> {
  const l = await link(options);
  const up = makePayloads(l.rng, count, 1);
  const down = makePayloads(l.rng, count, 2);
  scheduleSends(l, l.probe, up, 10_000);
  scheduleSends(l, l.cma, down, 10_000);
  const elapsedMs = runUntilDelivered(l, count, count, 3_600_000);
  const ok = equalBytes(l.cma.delivered, up) && equalBytes(l.probe.delivered, down);
  return { l, elapsedMs, ok };
}

for (const lossRate of [0, 0.2, 0.4]) {
  test(`both directions, ${lossRate * 100} % loss, jitter, 10 % duplication: 200 messages each way arrive once, in order`, async (t) => {
    const { l, elapsedMs, ok } = await exchange({ seed: 1_000 + lossRate * 100, lossRate, duplicateRate: 0.1 }, 200);
    t.true(ok, 'delivered sequences equal the sent ones');
    t.is(l.cma.delivered.length, 200);
    t.is(l.probe.delivered.length, 200);
    t.true(elapsedMs < 3_600_000, `finished in ${elapsedMs} ms of virtual time`);
    t.true(l.network.stats.duplicated > 0);
    if (lossRate > 0) t.true(l.probe.channel.stats.retransmits > 0 && l.cma.channel.stats.retransmits > 0);
    t.true(l.cma.channel.stats.duplicates > 0, 'duplicates were seen and suppressed');
    t.log(`loss ${lossRate}: ${elapsedMs} ms virtual; probe ${JSON.stringify(l.probe.channel.stats)}`);
  });
}

test('property: exactly-once in-order delivery over random seeds and loss up to 40 %', async (t) => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(0, 0.1, 0.2, 0.3, 0.4), async (seed, lossRate) => {
      const { ok, elapsedMs } = await exchange({ seed, lossRate, duplicateRate: 0.1 }, 30);
      runs++;
      return ok && elapsedMs < 3_600_000;
    }),
    { numRuns: 50, seed: 20_240_601 },
  );
  t.is(runs, 50);
});

test('session change mid-stream: the CMA is replaced; every message it had not acknowledged reaches the new one', async (t) => {
  const l = await link({ seed: 77, lossRate: 0.2, duplicateRate: 0.1 });
  const sent = makePayloads(l.rng, 120, 1);
  scheduleSends(l, l.probe, sent, 20_000);
  // Run until the first CMA has delivered about a third, then kill it and start a new incarnation on its address.
  while (l.cma.delivered.length < 40) l.scheduler.runFor(10);
  const cma1 = l.cma;
  const cma1Session = cma1.channel.localSession;
  cma1.kill();
  await cma1.transport.stop();
  const transport2 = l.network.createTransport(CMA.host, CMA.port);
  await transport2.start();
  const cma2 = new ChannelEndpoint(new ReliableChannel({ localSession: cma1Session + 1 }), transport2, l.scheduler, PROBE, {
    commitDelayMaxMs: 50,
    rng: l.rng,
  });
  for (let i = 0; i < 3_600 && (cma2.delivered.length + cma1.delivered.length < sent.length || l.probe.channel.queueLength > 0); i++) {
    l.scheduler.runFor(1_000);
  }
  const first = cma1.delivered;
  const second = cma2.delivered;
  t.true(equalBytes(first, sent.slice(0, first.length)), 'the old CMA got a prefix');
  const resumeAt = sent.length - second.length;
  t.true(resumeAt <= first.length, 'no gap between what the old CMA acknowledged and what the new one got');
  t.true(equalBytes(second, sent.slice(resumeAt)), 'the new CMA got the rest, in order, once each');
  t.is(l.probe.channel.queueLength, 0);
  t.deepEqual(
    l.probe.events.filter((e) => e.kind === 'peer-session-changed').map((e) => [e.oldSession, e.newSession]),
    [[0, cma1Session], [cma1Session, cma1Session + 1]],
  );
  t.log(`old CMA delivered ${first.length}, new CMA ${second.length} (${first.length - resumeAt} delivered to both: unacked at the switch)`);
});

test('a restarted nanoprobe: the CMA reports the new session and its pending commands reach the new process', async (t) => {
  const l = await link({ seed: 5, lossRate: 0.1 });
  l.probe.send(Uint8Array.from([1]));
  l.scheduler.runFor(2_000);
  t.is(l.cma.delivered.length, 1);
  l.probe.kill();
  await l.probe.transport.stop();
  l.cma.send(Uint8Array.from([7, 7])); // SENDEXPECTHB to the old process: it never answers
  l.scheduler.runFor(3_000);
  const transport = l.network.createTransport(PROBE.host, PROBE.port);
  await transport.start();
  const probe2 = new ChannelEndpoint(new ReliableChannel({ localSession: 424_242, config: { autoCommit: true } }), transport, l.scheduler, CMA);
  probe2.send(Uint8Array.from([1])); // STARTUP again
  l.scheduler.runFor(10_000);
  t.is(l.cma.delivered.length, 2, 'seq 1 of the new session is a new message');
  t.deepEqual(l.cma.events.at(-1), { kind: 'peer-session-changed', oldSession: l.probe.channel.localSession, newSession: 424_242 });
  t.deepEqual(probe2.delivered, [Uint8Array.from([7, 7])]);
  t.is(l.cma.channel.queueLength, 0);
});

test('commit gating over the network: no commit, endless retransmission; after the commit, silence', async (t) => {
  const l = await link({ seed: 9, lossRate: 0 });
  const scheduler = l.scheduler;
  const cmaTransport = l.cma.transport;
  // Replace the CMA endpoint's behaviour: never commit until told.
  const gated = new ReliableChannel({ localSession: 999 });
  l.cma.kill();
  const cma = new ChannelEndpoint(gated, cmaTransport, scheduler, PROBE, { commit: false });
  l.probe.send(Uint8Array.from([1, 2, 3]));
  scheduler.runFor(10_000);
  const retransmitsAt10s = l.probe.channel.stats.retransmits;
  scheduler.runFor(20_000);
  const retransmitsAt30s = l.probe.channel.stats.retransmits;
  t.true(retransmitsAt10s > 0);
  t.true(retransmitsAt30s >= retransmitsAt10s + 4, `still retrying at the 5 s cap (${retransmitsAt10s} → ${retransmitsAt30s})`);
  t.is(cma.delivered.length, 1, 'delivered once despite the retransmissions');
  t.is(l.probe.channel.queueLength, 1);
  cma.commitAll();
  scheduler.runFor(1_000);
  t.is(l.probe.channel.queueLength, 0);
  const after = l.probe.channel.stats.retransmits;
  scheduler.runFor(60_000);
  t.is(l.probe.channel.stats.retransmits, after);
  t.is(scheduler.pending, 0, 'no timers left once everything is acknowledged');
});

test('a 1 MB message and a 50 kB one cross a link with 20 % loss and jitter', async (t) => {
  const l = await link({ seed: 31, lossRate: 0.2, duplicateRate: 0.05 });
  const big = new Uint8Array(1_048_576);
  for (let i = 0; i < big.length; i++) big[i] = l.rng.int(256);
  const medium = new TextEncoder().encode('proc 4711 /usr/sbin/sshd -D\n'.repeat(1_800)).subarray(0, 50_000);
  l.probe.send(big);
  l.probe.send(medium);
  const elapsedMs = runUntilDelivered(l, 2, 0, 3_600_000);
  t.true(equalBytes(l.cma.delivered, [big, medium]));
  t.log(`1 MB + 50 kB at 20 % loss: ${elapsedMs} ms virtual, ${l.probe.channel.stats.segmentsSent} segments, ${l.probe.channel.stats.retransmits} retransmissions`);
});

test('a partition longer than the reassembly timeout loses nothing (rewind)', async (t) => {
  const l = await link({ seed: 13, lossRate: 0, cmaConfig: { reassemblyTimeoutMs: 10_000 } });
  const payload = new Uint8Array(30_000);
  for (let i = 0; i < payload.length; i++) payload[i] = l.rng.int(256);
  l.probe.send(Uint8Array.from([0]));
  l.scheduler.runFor(1_000);
  l.probe.send(payload);
  l.scheduler.runFor(20);
  l.network.partition([PROBE.host], [CMA.host]);
  l.scheduler.runFor(30_000);
  t.is(l.cma.channel.stats.reassemblyTimeouts, 1);
  l.network.heal();
  runUntilDelivered(l, 2, 0, 600_000);
  t.true(equalBytes(l.cma.delivered, [Uint8Array.from([0]), payload]));
  t.is(l.probe.channel.stats.rewinds, 1);
});

test('property: exactly-once in-order delivery through partitions and aggressive reassembly timeouts (rewinds)', async (t) => {
  let rewinds = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 0x7fffffff }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 100, max: 20_000 })), { maxLength: 4 }),
      async (seed, outages) => {
        const l = await link({ seed, lossRate: 0.2, duplicateRate: 0.1, latencyMs: { min: 1, max: 300 }, cmaConfig: { reassemblyTimeoutMs: 1_500 } });
        const up = makePayloads(l.rng, 25, 1);
        const down = makePayloads(l.rng, 10, 2);
        scheduleSends(l, l.probe, up, 20_000);
        scheduleSends(l, l.cma, down, 20_000);
        for (const [startMs, lengthMs] of outages) {
          l.scheduler.at(startMs, () => {
            l.network.partition([PROBE.host], [CMA.host]);
          });
          l.scheduler.at(startMs + lengthMs, () => {
            l.network.heal();
          });
        }
        const elapsedMs = runUntilDelivered(l, up.length, down.length, 3_600_000);
        rewinds += l.probe.channel.stats.rewinds;
        return equalBytes(l.cma.delivered, up) && equalBytes(l.probe.delivered, down) && elapsedMs < 3_600_000;
      },
    ),
    { numRuns: 50, seed: 7_777 },
  );
  t.true(rewinds > 0, 'the rewind path was exercised');
  t.log(`rewinds over 50 runs: ${rewinds}`);
});

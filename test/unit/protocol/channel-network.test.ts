import test from 'ava';
import fc from 'fast-check';
import { ReliableChannel } from '../../../protocol/channel/index.ts';
import type { ChannelConfig } from '../../../protocol/channel/index.ts';
import { ManualScheduler } from '../../../runtime/manual-scheduler.ts';
import { MemoryNetwork } from '../../../runtime/memory-network.ts';
import { SeededRng } from '../../../runtime/rng.ts';
import { ChannelEndpoint } from '../../helpers/channel-link.ts';

const PROBE = { host: '10.0.0.1', port: 1984 };
const CMA = { host: '10.0.0.100', port: 1984 };

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

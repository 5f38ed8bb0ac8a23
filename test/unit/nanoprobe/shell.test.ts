// NanoprobeShell (shared by NanoprobeDaemon and the live simulator's hosts) against a real CMA-side Link: plain
// STARTUP, trust on first use or a pinned / strict CMA key, SETCONFIG merging the CMA addresses, malformed
// datagrams counted, and a discovery run without a runner answered "no collectors" asynchronously with `onWake`.
import test from 'ava';
import { generateKeyPair, type Link, type Message, type WireAddress } from '../../../protocol/index.ts';
import { TIMING_PRESETS } from '../../../nanoprobe/core/index.ts';
import { NanoprobeShell, type NanoprobeShellInit } from '../../../nanoprobe/shell.ts';
import { START_WALL_MS, makeLink } from '../../helpers/links.ts';

const CMA: WireAddress = { host: '198.18.0.1', port: 1984 };
/** Where the CMA's channel traffic comes from (not the configured address: it goes first from then on). */
const CMA_REPLY: WireAddress = { host: '198.18.0.2', port: 1984 };
const SELF: WireAddress = { host: '198.18.0.10', port: 1985 };

function rig(init: Partial<NanoprobeShellInit> = {}, cma: Link = makeLink('cma')) {
  const sent: { to: WireAddress; bytes: Uint8Array }[] = [];
  const counts = { received: 0, rejected: [] as string[], foreignChannel: 0, reportDropped: 0, effectFailed: 0, wakes: 0 };
  const learned: Uint8Array[] = [];
  let nowMs = 0;
  const shell = new NanoprobeShell(
    { keyPair: generateKeyPair(), startWallMs: START_WALL_MS, cma: [CMA], onCmaKeyLearned: (k) => learned.push(k), ...init },
    {
      send: (to, bytes) => sent.push({ to, bytes }),
      now: () => nowMs,
      onWake: () => {
        counts.wakes++;
      },
      metrics: {
        received: () => {
          counts.received++;
        },
        rejected: (code) => {
          counts.rejected.push(code);
        },
        foreignChannel: () => {
          counts.foreignChannel++;
        },
        reportDropped: () => {
          counts.reportDropped++;
        },
        effectFailed: () => {
          counts.effectFailed++;
        },
      },
    },
  );
  shell.createCore({ hostname: 'h1', addresses: [SELF], version: 'test', machineId: '', startedWallMs: START_WALL_MS });
  /**
   * The CMA sends `msg` over its channel; both sides exchange datagrams every 100 ms from `atMs` until the CMA has
   * nothing unacknowledged (the first segment from a CMA not yet trusted is dropped: its retransmission gets in).
   */
  const fromCma = (npId: string, msg: Message, atMs: number): void => {
    cma.sendReliable(npId, msg, atMs);
    let seen = sent.length;
    for (let k = 0; k < 100; k++) {
      nowMs = atMs + k * 100;
      for (const d of cma.poll(nowMs).datagrams) shell.receive(d.bytes, CMA_REPLY, nowMs);
      shell.timer(nowMs);
      for (const s of sent.slice(seen)) if (s.to.host.startsWith('198.18.0.')) cma.receive(s.bytes, nowMs);
      seen = sent.length;
      if (cma.queued(npId) === 0) return;
    }
  };
  /** The CMA side takes the plain STARTUP(s) sent so far; returns the nanoprobe's host id. */
  const takeStartup = (): string => {
    const got = cma.receive(sent.at(-1)?.bytes ?? new Uint8Array(), 0);
    if (got.kind !== 'startup') throw new Error(`not a STARTUP: ${got.kind}`);
    return cma.addPeer(got.msg.publicKey);
  };
  const setConfig = (npId: string): Message => ({
    type: 'SETCONFIG',
    cmaId: cma.hostId,
    cmaSession: 7,
    hostId: npId,
    timing: TIMING_PRESETS.lan,
    cmaAddresses: [CMA, { host: '198.18.0.3', port: 1984 }, { host: '0.0.0.0', port: 1984 }],
    discovery: [],
  });
  return { shell, cma, sent, counts, learned, fromCma, takeStartup, setConfig };
}

test('plain STARTUP to the configured CMA; its first channel answer is trusted on first use and SETCONFIG merges addresses', (t) => {
  const r = rig();
  r.shell.start(0);
  t.deepEqual(r.sent.map((s) => s.to), [CMA]);
  const npId = r.takeStartup();
  t.is(npId, r.shell.link.hostId);
  r.fromCma(npId, r.setConfig(npId), 10);
  t.deepEqual(r.learned, [r.cma.publicKey], 'the CMA key is handed to the owner to save');
  t.true(r.shell.core.status(10).configured);
  t.deepEqual(r.shell.cmaAddresses, [CMA_REPLY, CMA, { host: '198.18.0.3', port: 1984 }], 'where it answered from first; no wildcard');
  t.true(r.counts.received >= 1);
  t.is(r.counts.foreignChannel, 0);
  // The ACK goes back to where the CMA answered from.
  t.true(r.sent.slice(1).every((s) => s.to === CMA_REPLY));
  t.true(r.shell.drained());
});

test('strict without a pinned key: the CMA is never accepted', (t) => {
  const r = rig({ strict: true });
  r.shell.start(0);
  const npId = r.takeStartup();
  r.fromCma(npId, r.setConfig(npId), 10);
  t.deepEqual(r.learned, []);
  t.false(r.shell.core.status(10).configured);
  t.true(r.sent.every((s) => s.to === CMA), 'only plain STARTUPs to the configured address: no ACK to an untrusted CMA');
});

test('a pinned CMA key is accepted without being "learned"', (t) => {
  const cma = makeLink('cma');
  const r = rig({ strict: true, cmaPublicKey: cma.publicKey }, cma);
  r.shell.start(0);
  // Known key: STARTUP goes over the channel, not plain.
  t.deepEqual(r.sent, []);
  r.shell.pump(0);
  t.is(r.sent.length, 1);
  const got = cma.receive(r.sent[0]?.bytes ?? new Uint8Array(), 0);
  t.is(got.kind, 'channel');
  const npId = r.shell.link.hostId;
  cma.addPeer(r.shell.link.publicKey);
  r.fromCma(npId, r.setConfig(npId), 10);
  t.deepEqual(r.learned, []);
  t.true(r.shell.core.status(10).configured);
});

test('a malformed datagram is counted by code, never thrown', (t) => {
  const r = rig();
  r.shell.start(0);
  t.notThrows(() => {
    r.shell.receive(new Uint8Array([1, 2, 3]), CMA, 5);
  });
  t.is(r.counts.received, 1);
  t.is(r.counts.rejected.length, 1);
  t.regex(r.counts.rejected[0] ?? '', /^PROTO_/);
});

test('without a discovery runner a run fails "no collectors" after the step that asked, and the owner is told to re-arm', async (t) => {
  const r = rig();
  r.shell.start(0);
  const npId = r.takeStartup();
  r.fromCma(npId, r.setConfig(npId), 10);
  r.fromCma(npId, { type: 'DODISCOVER', kind: 'procfs', intervalMs: 60_000, timeoutMs: 5_000, args: [] }, 20);
  const before = r.shell.core.discoveryStatus().find((k) => k.kind === 'procfs');
  t.is(before?.running, true, 'the run is in flight: not answered inside the step');
  t.is(r.counts.wakes, 0);
  await new Promise((resolve) => setImmediate(resolve));
  const after = r.shell.core.discoveryStatus().find((k) => k.kind === 'procfs');
  t.is(after?.running, false);
  t.is(after?.failures, 1);
  t.is(r.counts.wakes, 1);
  t.not(r.shell.wakeAtMs(20), undefined, 'the next run is scheduled');
});

test('after shutdown a pending discovery answer is dropped', async (t) => {
  const r = rig();
  r.shell.start(0);
  const npId = r.takeStartup();
  r.fromCma(npId, r.setConfig(npId), 10);
  r.fromCma(npId, { type: 'DODISCOVER', kind: 'procfs', intervalMs: 60_000, timeoutMs: 5_000, args: [] }, 20);
  r.shell.shutdown('test', 30);
  await new Promise((resolve) => setImmediate(resolve));
  t.is(r.counts.wakes, 0);
  t.is(r.shell.core.discoveryStatus().find((k) => k.kind === 'procfs')?.failures ?? 0, 0);
});

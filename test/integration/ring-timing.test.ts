// Per-ring timing overrides end to end: `cma run --ring-timing` reaches the nanoprobes through the SENDEXPECTHB of
// every edge of the ring, and they heartbeat at that rate (real processes in namespaces).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Fleet } from '../helpers/fleet.ts';
import { canUseNamespaces } from '../helpers/netns.ts';

const N = 3;
let fleet: Fleet;

test.before(() => {
  if (!canUseNamespaces()) throw new Error('these tests need root and iproute2 (network namespaces); .ci/run runs as root');
  fleet = new Fleet('rt', N);
  // Every host is in subnet:198.18.0.0/24; the top ring overlaps it (2 representatives of 3), so both are wan.
  fleet.cmaArgs = ['--ring-timing', 'subnet:198.18.0.0/24=wan', '--ring-timing', 'top=3s/10s/30s'];
});

test.after.always(() => {
  fleet.destroy();
});

interface ProbeStatus {
  readonly peers: readonly { readonly timing: { intervalMs: number; lateMs: number; deadMs: number } }[];
  readonly transport: { readonly sent: number };
}

const status = (i: number): ProbeStatus =>
  JSON.parse(spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'status', '--json', '--state-dir', join(fleet.dir, `h${i}`)], { encoding: 'utf8', timeout: 20_000 }).stdout) as ProbeStatus;

test('--ring-timing subnet:…=wan: the CMA shows it, every nanoprobe heartbeats its peers every 3 s', async (t) => {
  fleet.startCma();
  await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined));
  for (let i = 1; i <= N; i++) fleet.startProbe(i);
  await fleet.until(`${N} hosts up`, async () => ((await fleet.hosts()).filter((h) => h.status === 'up').length === N ? true : undefined));
  await fleet.until('every nanoprobe has its 2 peers', () => Promise.resolve([1, 2, 3].every((i) => status(i).peers.length === 2) ? true : undefined));
  const rings = await fleet.api<{ ringId: string; timing: { intervalMs: number; deadMs: number } }[]>('/rings');
  t.deepEqual(rings.find((r) => r.ringId === 'subnet:198.18.0.0/24')?.timing, { intervalMs: 3_000, lateMs: 10_000, deadMs: 30_000 });
  for (let i = 1; i <= N; i++) t.deepEqual(status(i).peers.map((p) => p.timing.intervalMs), [3_000, 3_000], `h${i}`);
  const before = status(1).transport.sent;
  await new Promise((r) => setTimeout(r, 9_000));
  const sent = status(1).transport.sent - before;
  t.log(`h1 sent ${sent} datagrams in 9 s (2 peers every 3 s: 6; lan would be 18)`);
  t.true(sent >= 4 && sent <= 8, `sent ${sent}`);
});

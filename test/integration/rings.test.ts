// Heartbeat rings end to end with real processes in network namespaces (issue: rings end to end): 8 nanoprobes
// and 1 CMA, all real binaries, on a LAN the test creates and removes.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Fleet } from '../helpers/fleet.ts';
import { canUseNamespaces } from '../helpers/netns.ts';

const N = 8;
let fleet: Fleet;

test.before(async () => {
  if (!canUseNamespaces()) throw new Error('these tests need root and iproute2 (network namespaces); .ci/run runs as root');
  fleet = new Fleet('rg', N);
  fleet.startCma();
  await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined));
  for (let i = 1; i <= N; i++) fleet.startProbe(i);
});

test.after.always(() => {
  fleet.destroy();
});

const up = async (): Promise<number> => (await fleet.hosts()).filter((h) => h.status === 'up').length;

test.serial('all nanoprobes register and one ring forms without a martian report; then the CMA hears nothing for 10 s', async (t) => {
  await fleet.until('8 hosts up', async () => ((await up()) === N ? true : undefined));
  const rings = await fleet.rings();
  const local = rings.filter((r) => r.ringId !== 'top');
  t.is(local.length, 1);
  t.is(local[0]?.members.length, N);
  await new Promise((r) => setTimeout(r, 4_000)); // let registration traffic (ACKs) settle, past the martian grace
  const joined = await fleet.api<{ daemon: { messages: Record<string, number> } }>('/status');
  t.is(joined.daemon.messages.HBMARTIAN ?? 0, 0, 'forming ring edges produce no HBMARTIAN');
  const before = await fleet.datagramsAtCma();
  await new Promise((r) => setTimeout(r, 10_000));
  const after = await fleet.datagramsAtCma();
  t.is(after - before, 0, 'a healthy fleet sends the CMA no datagram at all');
  t.is(await up(), N);
});

test.serial('cma status / hosts / rings and nanoprobe status print the live view, readable and as JSON', (t) => {
  const inCma = (args: string[]) => spawnSync('ip', ['netns', 'exec', fleet.cmaHost.ns, process.execPath, 'dist/cma/cli.js', ...args], { encoding: 'utf8', timeout: 20_000 });
  const status = inCma(['status']);
  t.is(status.status, 0, status.stderr);
  t.regex(status.stdout, new RegExp(`hosts: ${N} \\(${N} up, 0 dead, 0 shut down\\)`));
  const hosts = inCma(['hosts']);
  t.regex(hosts.stdout, /^HOST\s+NAME\s+STATUS\s+RING/);
  t.is(hosts.stdout.trim().split('\n').length, N + 1);
  const json = JSON.parse(inCma(['rings', '--json']).stdout) as { ringId: string; members: string[] }[];
  t.is(json.find((r) => r.ringId !== 'top')?.members.length, N);
  const probe = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'status', '--state-dir', join(fleet.dir, 'h1')], { encoding: 'utf8', timeout: 20_000 });
  t.is(probe.status, 0, probe.stderr);
  t.regex(probe.stdout, /^configured: yes/);
  t.true((probe.stdout.match(/peer [0-9a-f]{12}\s+ok/g) ?? []).length >= 2, probe.stdout);
  const nobody = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'status', '--state-dir', join(fleet.dir, 'nope')], { encoding: 'utf8', timeout: 20_000 });
  t.is(nobody.status, 1);
  t.regex(nobody.stderr.trim(), /^error: no nanoprobe answers on .*nanoprobe\.sock/);
});

test.serial('kill -9 of a nanoprobe: dead at the CMA within 5 s, ring repaired; restarted, it rejoins', async (t) => {
  const victim = fleet.probeHosts[2]!;
  const victimId = (await fleet.hosts()).find((h) => h.hostname === victim.name)?.hostId;
  t.truthy(victimId);
  const killedAt = Date.now();
  fleet.probes.get(3)?.kill('SIGKILL');
  await fleet.until('the victim dead', async () => ((await fleet.hosts()).find((h) => h.hostId === victimId)?.status === 'dead' ? true : undefined), 15_000);
  const detectMs = Date.now() - killedAt;
  t.log(`kill -9 → dead at the CMA in ${detectMs} ms`);
  t.true(detectMs <= 5_000 + 500, `detected in ${detectMs} ms`); // +0.5 s for the API polling and process start
  const ring = (await fleet.rings()).find((r) => r.ringId !== 'top');
  t.is(ring?.members.length, N - 1);
  t.false(ring?.members.includes(victimId ?? '') ?? true);
  t.is(await up(), N - 1, 'nobody else was declared dead');
  fleet.startProbe(3);
  await fleet.until('the victim back in a ring', async () => ((await fleet.hosts()).find((h) => h.hostId === victimId)?.status === 'up' ? true : undefined), 15_000);
  await fleet.until('ring of 8 again', async () => ((await fleet.rings()).find((r) => r.ringId !== 'top')?.members.length === N ? true : undefined));
  t.is(await up(), N);
});

test.serial('SIGTERM of a nanoprobe: recorded as shut down (not dead), ring repaired', async (t) => {
  const host = fleet.probeHosts[5]!;
  const id = (await fleet.hosts()).find((h) => h.hostname === host.name)?.hostId;
  fleet.probes.get(6)?.kill('SIGTERM');
  await fleet.until('shut down', async () => ((await fleet.hosts()).find((h) => h.hostId === id)?.status === 'shutdown' ? true : undefined), 10_000);
  await new Promise((r) => setTimeout(r, 4_000)); // past deadMs: nobody may now call it dead
  const row = (await fleet.hosts()).find((h) => h.hostId === id);
  t.is(row?.status, 'shutdown');
  t.is((await fleet.rings()).find((r) => r.ringId !== 'top')?.members.length, N - 1);
  t.is((await fleet.hosts()).filter((h) => h.status === 'dead').length, 0);
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const idOf = async (name: string): Promise<string> => (await fleet.hosts()).find((h) => h.hostname === name)?.hostId ?? '';

test.serial('SIGSTOP of a nanoprobe for 5 s: it may die and come back, but its stale view kills none of its neighbours', async (t) => {
  await fleet.until('all up again', async () => ((await up()) === N - 1 ? true : undefined)); // h6 stays shut down
  const host = fleet.probeHosts[3]!;
  const stoppedId = await idOf(host.name);
  const since = Date.now();
  const pid = fleet.probes.get(4)?.pid ?? 0;
  process.kill(pid, 'SIGSTOP');
  await sleep(5_000);
  process.kill(pid, 'SIGCONT');
  await sleep(8_000); // it wakes with a 5 s old view of its neighbours and reports them
  const deaths = await fleet.deathsSince(since);
  t.log(`deaths during the stall: ${deaths.length === 0 ? 'none' : deaths.map((d) => (d === stoppedId ? 'the stopped host' : d)).join(', ')}`);
  t.deepEqual(deaths.filter((d) => d !== stoppedId), [], 'no neighbour of the stalled host was declared dead');
  await fleet.until('the stalled host up', async () => ((await fleet.hosts()).find((h) => h.hostId === stoppedId)?.status === 'up' ? true : undefined), 15_000);
  t.is(await up(), N - 1);
});

test.serial('10 % random UDP loss on every host for 60 s: zero false deaths', async (t) => {
  const since = Date.now();
  for (const h of [...fleet.probeHosts, fleet.cmaHost]) fleet.lan.setLoss(h, 10);
  try {
    await sleep(60_000);
  } finally {
    for (const h of [...fleet.probeHosts, fleet.cmaHost]) fleet.lan.heal(h);
  }
  await sleep(2_000);
  t.deepEqual(await fleet.deathsSince(since), []);
  t.is(await up(), N - 1);
});

test.serial('CMA killed and restarted: heartbeats go on, nobody is declared dead, nanoprobes resync, deaths still detected', async (t) => {
  const ringsBefore = (await fleet.rings()).map((r) => [r.ringId, [...r.members].sort()]);
  const since = Date.now();
  fleet.cma?.kill('SIGKILL');
  await sleep(4_000); // longer than deadMs: the nanoprobes keep watching each other meanwhile
  fleet.startCma();
  await fleet.until('the restarted CMA with its hosts', async () => ((await up()) === N - 1 ? true : undefined), 15_000);
  await fleet.until('the nanoprobes resynced (STARTUP over the channel)', async () => {
    const s = await fleet.api<{ daemon: { messages: Record<string, number> } }>('/status');
    return (s.daemon.messages.STARTUP ?? 0) >= N - 1 ? true : undefined;
  });
  t.deepEqual((await fleet.rings()).map((r) => [r.ringId, [...r.members].sort()]), ringsBefore, 'rings unchanged');
  t.deepEqual(await fleet.deathsSince(since), [], 'nobody declared dead because the CMA moved');
  const victimId = await idOf(fleet.probeHosts[0]!.name);
  fleet.probes.get(1)?.kill('SIGKILL');
  await fleet.until('a later death detected', async () => ((await fleet.hosts()).find((h) => h.hostId === victimId)?.status === 'dead' ? true : undefined), 10_000);
  t.deepEqual(await fleet.deathsSince(since), [victimId]);
});

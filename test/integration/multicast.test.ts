// Finding the CMA without configuration (DESIGN §3): nanoprobes started without --cma multicast their STARTUP
// (retried every 5 s) until a CMA answers, then trust and pin its key.
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet } from '../helpers/fleet.ts';
import { canUseNamespaces } from '../helpers/netns.ts';

let fleet: Fleet;

test.before(() => {
  if (!canUseNamespaces()) throw new Error('these tests need root and iproute2 (network namespaces); .ci/run runs as root');
  fleet = new Fleet('mc', 3);
});

test.after.always(() => {
  fleet.destroy();
});

test('nanoprobes with no CMA address find it by multicast, register, pin its key and form a ring', async (t) => {
  // Nanoprobes first: their multicast STARTUPs go unanswered until the CMA comes up, and are retried.
  for (let i = 1; i <= 3; i++) fleet.startProbe(i, true);
  await new Promise((r) => setTimeout(r, 1_000));
  fleet.startCma();
  const hosts = await fleet.until('3 hosts up', async () => {
    const h = await fleet.hosts();
    return h.filter((x) => x.status === 'up').length === 3 ? h : undefined;
  }, 20_000);
  t.deepEqual(hosts.map((h) => h.hostname).sort(), ['h1', 'h2', 'h3']);
  const ring = (await fleet.rings()).find((r) => r.ringId !== 'top');
  t.is(ring?.members.length, 3);
  for (let i = 1; i <= 3; i++) t.true(existsSync(join(fleet.dir, `h${i}`, 'cma.pub')), `h${i} pinned the CMA key`);
});

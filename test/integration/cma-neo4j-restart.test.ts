// The CMA on real Neo4j (issue 5): `cma run --store neo4j` refuses to start with one clear line when Neo4j is
// unreachable or refuses the credentials; 8 real nanoprobes in network namespaces form a ring recorded in the
// graph; the CMA is kill -9ed and a new one on the same Neo4j rebuilds from the graph: nobody declared dead,
// rings unchanged, and a later kill -9 of a nanoprobe is still detected (and recorded in Neo4j).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { useNeo4jFleet } from '../helpers/neo4j-fleet.ts';

const N = 8;
// Neo4j runs in the test's namespace, reachable from the CMA's namespace through the LAN bridge.
const world = useNeo4jFleet(test, { tag: 'nr', nanoprobes: N });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const up = async (): Promise<number> => (await world().fleet.hosts()).filter((h) => h.status === 'up').length;
const cmaCli = (args: string[]) => spawnSync('ip', ['netns', 'exec', world().fleet.cmaHost.ns, process.execPath, 'dist/cma/cli.js', ...args], { encoding: 'utf8', timeout: 20_000 });
const ringsJson = (): { ringId: string; members: string[] }[] => {
  const r = cmaCli(['rings', '--json']);
  if (r.status !== 0) throw new Error(`cma rings --json: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ringId: string; members: string[] }[];
};

/** `cma run --store neo4j` in this namespace, expected to fail at once. */
function failingCma(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['dist/cma/cli.js', 'run', '--listen', '127.0.0.1:0', '--api', '127.0.0.1:0', '--no-multicast', '--state-dir', join(world().dir, 'cma'), '--store', 'neo4j', '--log-level', 'warn', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
}

test.serial('Neo4j unreachable or credentials refused: the CMA exits 1 with one clear error line', async (t) => {
  const { db, dir } = world();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const closedPort = (blocker.address() as AddressInfo).port;
  await new Promise<void>((resolve) => {
    blocker.close(() => {
      resolve();
    });
  });
  const down = failingCma(['--neo4j-uri', `bolt://127.0.0.1:${closedPort}`], { RINGWATCH_NEO4J_PASSWORD: db.password });
  t.is(down.status, 1, down.stderr);
  t.is(down.stdout, '');
  t.regex(down.stderr, new RegExp(`^error: cannot open the neo4j store: STORE_UNAVAILABLE: Neo4j at bolt://127\\.0\\.0\\.1:${closedPort} is unavailable: [^\\n]+\\n$`));
  const auth = failingCma(['--neo4j-uri', db.uri], { RINGWATCH_NEO4J_PASSWORD: 'not-the-password' });
  t.is(auth.status, 1, auth.stderr);
  t.regex(auth.stderr, new RegExp(`^error: cannot open the neo4j store: STORE_AUTH: Neo4j at ${db.uri.replaceAll('.', '\\.')} refused the credentials: [^\\n]+\\n$`));
  const noFile = failingCma(['--neo4j-uri', db.uri, '--neo4j-password-file', join(dir, 'missing')], {});
  t.is(noFile.status, 2, 'an unreadable password file is a usage error (cma/commands/neo4j-options.ts)');
  t.regex(noFile.stderr, /^error: cannot read --neo4j-password-file .*missing: [^\n]+\n$/);
});

test.serial('kill -9 of the CMA; a new CMA on the same Neo4j rebuilds from the graph: nobody dead, rings unchanged, later deaths still detected', async (t) => {
  t.timeout(240_000);
  const { fleet, db } = world();
  world().startCma();
  await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined), 30_000);
  for (let i = 1; i <= N; i++) fleet.startProbe(i);
  await fleet.until(`${N} hosts up in one ring`, async () => ((await up()) === N && ringsJson().find((r) => r.ringId !== 'top')?.members.length === N ? true : undefined), 30_000);
  await sleep(2_000); // registration settles (top ring, ACKs)
  const ringsBefore = ringsJson();
  // What the graph holds is what the CMA shows.
  const graphRings = await db.query('MATCH (h:Host)-[m:MEMBER_OF]->(r:Ring) WITH r, h ORDER BY m.position RETURN r.ringId AS ringId, collect(h.hostId) AS members ORDER BY ringId');
  t.deepEqual(graphRings.map((r) => [r.ringId, r.members]), ringsBefore.map((r) => [r.ringId, r.members]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  t.deepEqual(await db.query("MATCH (h:Host) WHERE h.publicKey IS NOT NULL RETURN h.status AS status, count(*) AS n"), [{ status: 'up', n: N }]);

  const since = Date.now();
  fleet.cma?.kill('SIGKILL');
  await sleep(4_000); // longer than deadMs: the nanoprobes keep watching each other meanwhile
  fleet.startCma(['--store', 'neo4j', '--neo4j-uri', db.uri], { RINGWATCH_NEO4J_PASSWORD: db.password });
  await fleet.until('the new CMA with its hosts', async () => ((await up()) === N ? true : undefined), 30_000);
  await fleet.until('the nanoprobes resynced (STARTUP over the channel)', async () => {
    const s = await fleet.api<{ daemon: { messages: Record<string, number> } }>('/status');
    return (s.daemon.messages.STARTUP ?? 0) >= N ? true : undefined;
  });
  await sleep(5_000); // more than deadMs again, now with the new CMA listening
  t.deepEqual(ringsJson(), ringsBefore, 'rings unchanged (cma rings --json)');
  t.deepEqual(await fleet.deathsSince(since), [], 'nobody declared dead because the CMA moved');
  t.is(await up(), N);

  const victimId = (await fleet.hosts()).find((h) => h.hostname === fleet.probeHosts[2]?.name)?.hostId;
  t.truthy(victimId);
  fleet.probes.get(3)?.kill('SIGKILL');
  await fleet.until('the victim dead', async () => ((await fleet.hosts()).find((h) => h.hostId === victimId)?.status === 'dead' ? true : undefined), 15_000);
  // The API's host view changes when the core decides; the event is readable once its transaction committed.
  await fleet.until('the host-dead event stored', async () => ((await fleet.deathsSince(since)).length > 0 ? true : undefined));
  t.deepEqual(await fleet.deathsSince(since), [victimId]);
  // …and recorded in the graph: status, out of every ring, a host-dead event about it.
  await fleet.until('the death in Neo4j', async () => ((await db.query('MATCH (h:Host {hostId: $id}) RETURN h.status AS s', { id: victimId }))[0]?.s === 'dead' ? true : undefined));
  t.deepEqual(await db.query('MATCH (:Host {hostId: $id})-[m:MEMBER_OF]->() RETURN count(m) AS n', { id: victimId }), [{ n: 0 }]);
  t.deepEqual(await db.query("MATCH (e:Event {type: 'host-dead'})-[:ABOUT]->(:Host {hostId: $id}) RETURN count(e) AS n", { id: victimId }), [{ n: 1 }]);
});

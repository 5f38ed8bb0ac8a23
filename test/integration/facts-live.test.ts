// Host facts end to end: a real nanoprobe (in a network namespace) reads its facts.d drop-ins — a JSON file and
// an executable printing JSON — and the real CMA sets them on its Host node in a real Neo4j, where the shipped
// `stakeholders` query (run through `cma query`) names the owner and contact. Changing the drop-ins changes the
// graph; a key the drop-ins stop giving is cleared; the CMA's own host properties are never touched.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet } from '../helpers/fleet.ts';
import { startTestNeo4j, type TestNeo4j } from '../helpers/neo4j-server.ts';
import { canUseNamespaces } from '../helpers/netns.ts';

const NEO4J_HOST = '198.18.0.241';
let fleet: Fleet;
let db: TestNeo4j;
const scratch = mkdtempSync(join(tmpdir(), 'rw-facts-live-'));

test.before(async (t) => {
  t.timeout(300_000);
  if (!canUseNamespaces()) throw new Error('these tests need root and iproute2 (network namespaces); .ci/run runs as root');
  fleet = new Fleet('fl', 1);
  fleet.lan.attachRoot(NEO4J_HOST, [fleet.cmaHost.ip]);
  db = await startTestNeo4j({ host: NEO4J_HOST });
});

test.after.always(async () => {
  fleet.destroy();
  await db.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** `cma query stakeholders -p target=h1 --json` against the test Neo4j. */
/** The rows naming hosts (the services h1's processes provide have no owner: their row is left out here). */
function stakeholders(passwordFile: string): { owner: string | null; contact: string | null; hosts: string[] }[] {
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', 'stakeholders', '-p', 'target=h1', '--json', '--neo4j-uri', db.uri, '--neo4j-password-file', passwordFile], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { owner: string | null; contact: string | null; hosts: string[]; services: string[] }[]).filter((row) => row.hosts.length > 0);
}

test.serial('facts.d → Host owner/contact/role in Neo4j → cma query stakeholders', async (t) => {
  t.timeout(240_000);
  const passwordFile = join(scratch, 'neo4j.pw');
  writeFileSync(passwordFile, `${db.password}\n`, { mode: 0o600 });
  const factsDir = join(scratch, 'facts.d');
  mkdirSync(factsDir);
  writeFileSync(join(factsDir, '10-owner.json'), JSON.stringify({ owner: 'team-web', role: 'web', status: 'dead', hostname: 'evil' }));
  writeFileSync(join(factsDir, '20-contact'), '#!/bin/sh\necho \'{"contact": "web-oncall@example.org", "rack": "r12"}\'\n');
  chmodSync(join(factsDir, '20-contact'), 0o755);
  fleet.startCma(['--store', 'neo4j', '--neo4j-uri', db.uri, '--neo4j-password-file', passwordFile, '--discovery', 'facts=1s/900ms,netstat=2s/1s,arp=off,inventory=off,lldp=off']);
  fleet.startProbe(1, false, { RINGWATCH_FACTS_DIR: factsDir });
  // netstat too: impact.cypher (and so stakeholders) starts from the target's processes and returns no row for a
  // host without any (the nanoprobe's own UDP listener is one).
  await fleet.until('a process of h1 in the graph', async () => ((await db.query("MATCH (:Host {hostname: 'h1'})-[:RUNS]->(p:Process) RETURN p.pid AS pid")).length > 0 ? true : undefined), 60_000);
  const host = await fleet.until('the facts on the Host node', async () => {
    const rows = await db.query("MATCH (h:Host {hostname: 'h1'}) WHERE h.owner IS NOT NULL RETURN h.owner AS owner, h.contact AS contact, h.role AS role, h.rack AS rack, h.status AS status, h.hostname AS hostname");
    return rows[0];
  }, 60_000);
  t.deepEqual(host, { owner: 'team-web', contact: 'web-oncall@example.org', role: 'web', rack: 'r12', status: 'up', hostname: 'h1' }, 'status and hostname stay the CMA’s');
  t.deepEqual(stakeholders(passwordFile).map((r) => [r.owner, r.contact, r.hosts]), [['team-web', 'web-oncall@example.org', ['h1']]]);
  // The drop-ins change: a new owner, no contact any more.
  writeFileSync(join(factsDir, '10-owner.json'), JSON.stringify({ owner: 'team-platform', role: 'web' }));
  rmSync(join(factsDir, '20-contact'));
  await fleet.until('the new owner and no contact', async () => {
    const rows = await db.query("MATCH (h:Host {hostname: 'h1'}) RETURN h.owner AS owner, h.contact AS contact, h.rack AS rack");
    return rows[0]?.['owner'] === 'team-platform' ? rows[0] : undefined;
  }, 60_000);
  t.deepEqual(await db.query("MATCH (h:Host {hostname: 'h1'}) RETURN h.owner AS owner, h.contact AS contact, h.rack AS rack"), [{ owner: 'team-platform', contact: null, rack: null }]);
  t.deepEqual(stakeholders(passwordFile).map((r) => [r.owner, r.contact, r.hosts]), [['team-platform', null, ['h1']]]);
});

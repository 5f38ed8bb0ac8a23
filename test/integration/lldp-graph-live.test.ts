/**
 * Live LLDP → graph (issue 6): Debian's lldpd plays a switch in its own namespace with a known system name, chassis
 * id and port descriptions, one veth port per host; two host namespaces run real nanoprobes capturing LLDP on their
 * uplink, and the CMA (its own namespace) writes to a real Neo4j. The graph must hold Host→NIC→SwitchPort→Switch for
 * each host, as the shipped `cma query hostswitchports` / `switchports` show it, and both hosts must be moved into
 * ring `switch:<chassisId>` (in the CMA's API and in Neo4j, `cma query rings`).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Fleet } from '../helpers/fleet.ts';
import { startTestNeo4j, type TestNeo4j } from '../helpers/neo4j-server.ts';
import { canUseNamespaces } from '../helpers/netns.ts';

const NEO4J_HOST = '198.18.0.249';
const TAG = 'lg';
/** Inside the fleet's namespace prefix (`rw<tag><pid>`), so fleet.destroy() removes it with the rest. */
const SWITCH_NS = `rw${TAG}${process.pid % 100_000}sw`;
const SWITCH_NAME = 'sw-graph.lab.example';
const CHASSIS = '02:00:5e:00:aa:00';
const UPLINK = 'uplink0';
const portMac = (i: number): string => `02:00:5e:00:aa:0${i}`;
const nicMac = (i: number): string => `02:00:5e:00:ab:0${i}`;
const portDescription = (i: number): string => `Port ${i} to h${i}`;
const dir = mkdtempSync(join(tmpdir(), 'rw-lldp-graph-'));
// lldpd's unprivileged half connects to its control socket here: the directory must be searchable by _lldpd.
chmodSync(dir, 0o755);
let fleet: Fleet | undefined;
let db: TestNeo4j | undefined;
let lldpd: ChildProcess | undefined;
let createdRunLldpd = false;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

test.before(async (t) => {
  t.timeout(300_000);
  if (!canUseNamespaces()) throw new Error('this test needs root and iproute2 (network namespaces)');
  for (const bin of ['lldpd', 'lldpcli', 'tcpdump']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install lldpd tcpdump)`);
  fleet = new Fleet(TAG, 2);
  fleet.lan.attachRoot(NEO4J_HOST, [fleet.cmaHost.ip]);
  ip('netns', 'add', SWITCH_NS);
  ip('netns', 'exec', SWITCH_NS, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
  ip('-n', SWITCH_NS, 'link', 'set', 'lo', 'up');
  for (const i of [1, 2]) {
    const host = fleet.lan.host(i);
    ip('-n', SWITCH_NS, 'link', 'add', `swp${i}`, 'address', portMac(i), 'type', 'veth', 'peer', 'name', UPLINK, 'address', nicMac(i), 'netns', host.ns);
    ip('-n', SWITCH_NS, 'link', 'set', `swp${i}`, 'up');
    ip('-n', host.ns, 'link', 'set', UPLINK, 'up');
  }
  if (!existsSync('/run/lldpd')) {
    mkdirSync('/run/lldpd', { recursive: true });
    createdRunLldpd = true;
  }
  writeFileSync(
    join(dir, 'switch.conf'),
    [
      `configure system hostname ${SWITCH_NAME}`,
      `configure system chassisid ${CHASSIS}`,
      'configure system description "Graph test switch"',
      'configure lldp tx-interval 1',
      'configure lldp portidsubtype ifname',
      ...[1, 2].map((i) => `configure ports swp${i} lldp portdescription "${portDescription(i)}"`),
      '',
    ].join('\n'),
  );
  lldpd = fleet.lan.spawn({ name: 'sw', ns: SWITCH_NS, ip: '' }, 'lldpd', ['-d', '-u', join(dir, 'switch.sock'), '-O', join(dir, 'switch.conf')]);
  db = await startTestNeo4j({ host: NEO4J_HOST });
});

test.after.always(async () => {
  if (lldpd !== undefined && lldpd.exitCode === null) lldpd.kill('SIGTERM');
  fleet?.destroy();
  await db?.stop();
  if (createdRunLldpd) rmSync('/run/lldpd', { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** `node dist/cma/cli.js query …args --json` against the test Neo4j. */
function cmaQuery(args: readonly string[]): Record<string, unknown>[] {
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', ...args, '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, RINGWATCH_NEO4J_URI: db?.uri ?? '', RINGWATCH_NEO4J_PASSWORD: db?.password ?? '' },
  });
  if (r.status !== 0) throw new Error(`cma query ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

test.serial('each host is wired NIC → SwitchPort → Switch in Neo4j and moved into ring switch:<chassisId>', async (t) => {
  t.timeout(120_000);
  const f = fleet;
  if (f === undefined || db === undefined) throw new Error('before() failed');
  const passwordFile = join(dir, 'neo4j.pw');
  writeFileSync(passwordFile, `${db.password}\n`, { mode: 0o600 });
  f.startCma(['--store', 'neo4j', '--neo4j-uri', db.uri, '--neo4j-password-file', passwordFile, '--discovery', 'lldp=2s/1s,inventory=3s/2s,netstat=off,arp=off']);
  for (const i of [1, 2]) f.startProbe(i, false, { RINGWATCH_LLDP_INTERFACES: UPLINK });

  const t0 = Date.now();
  const wired = (host: string): Record<string, unknown>[] => cmaQuery(['hostswitchports', '--param', `host=${host}`]).filter((r) => r['switch'] !== null);
  await f.until('both hosts wired to the switch in Neo4j', () => Promise.resolve(['h1', 'h2'].every((h) => wired(h).length > 0) ? true : undefined), 40_000);
  t.log(`wired after ${Date.now() - t0} ms`);
  for (const i of [1, 2]) {
    t.deepEqual(wired(`h${i}`), [{ host: `h${i}`, nic: UPLINK, mac: nicMac(i), switch: SWITCH_NAME, chassisId: CHASSIS, port: `swp${i}`, description: portDescription(i), vlans: [] }], `h${i}'s uplink and nothing else is wired`);
  }
  t.deepEqual(
    cmaQuery(['switchports', '--param', `switch=${CHASSIS}`]).map((r) => [r['switch'], r['port'], r['description'], r['host'], r['nic'], r['mac']]),
    [1, 2].map((i) => [SWITCH_NAME, `swp${i}`, portDescription(i), `h${i}`, UPLINK, nicMac(i)]),
  );
  // The same path in plain Cypher, with the Switch's own properties.
  const paths = await db.query(`
    MATCH (h:Host)-[:HAS_NIC]->(n:NIC)-[w:WIRED_TO]->(p:SwitchPort)<-[:HAS_PORT]-(s:Switch)
    WHERE NOT w.gone
    RETURN h.hostname AS host, n.name AS nic, p.portId AS port, s.chassisId AS chassis, s.name AS name ORDER BY host`);
  t.deepEqual(paths, [1, 2].map((i) => ({ host: `h${i}`, nic: UPLINK, port: `swp${i}`, chassis: CHASSIS, name: SWITCH_NAME })));
  t.deepEqual((await db.query('MATCH (s:Switch) RETURN count(s) AS n'))[0], { n: 1 }, 'one switch, whichever host heard it');

  const ring = `switch:${CHASSIS}`;
  const inRing = await f.until('both hosts in the switch ring (CMA API)', async () => {
    const r = (await f.rings()).find((x) => x.ringId === ring);
    return r !== undefined && r.members.length === 2 ? r : undefined;
  }, 30_000);
  t.log(`ring after ${Date.now() - t0} ms`);
  t.deepEqual([...inRing.members].sort(), ((await f.hosts()).filter((h) => h.hostname === 'h1' || h.hostname === 'h2').map((h) => h.hostId)).sort());
  const stored = await f.until('the switch ring in Neo4j', () => {
    const row = cmaQuery(['rings']).find((r) => r['ring'] === ring);
    return Promise.resolve(row !== undefined && (row['members'] as string[]).length === 2 ? row : undefined);
  }, 30_000);
  t.deepEqual([...(stored['members'] as string[])].sort(), ['h1', 'h2']);
  t.deepEqual(cmaQuery(['rings']).filter((r) => r['ring'] !== 'top' && r['ring'] !== ring), [], 'no host left in another placement ring');
});

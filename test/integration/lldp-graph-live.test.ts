/**
 * Live LLDP → graph (issue 6): Debian's lldpd plays a switch in its own namespace with a known system name, chassis
 * id and port descriptions, one veth port per host; two host namespaces run real nanoprobes capturing LLDP on their
 * uplink, and the CMA (its own namespace) writes to a real Neo4j. The graph must hold Host→NIC→SwitchPort→Switch for
 * each host, as the shipped `cma query hostswitchports` / `switchports` show it, and both hosts must be moved into
 * ring `switch:<chassisId>` (in the CMA's API and in Neo4j, `cma query rings`).
 */
import test from 'ava';
import { LldpSwitch, requireLldpd } from '../helpers/lldp-switch.ts';
import { useNeo4jFleet } from '../helpers/neo4j-fleet.ts';

const SWITCH_NAME = 'sw-graph.lab.example';
const CHASSIS = '02:00:5e:00:aa:00';
const UPLINK = 'uplink0';
const portMac = (i: number): string => `02:00:5e:00:aa:0${i}`;
const nicMac = (i: number): string => `02:00:5e:00:ab:0${i}`;
const portDescription = (i: number): string => `Port ${i} to h${i}`;
const world = useNeo4jFleet(test, { tag: 'lg', nanoprobes: 2 });
let sw: LldpSwitch | undefined;

test.serial.before(() => {
  requireLldpd();
  const { fleet } = world();
  // The switch's namespace is inside the fleet's prefix, so the fleet's teardown removes it with the rest.
  sw = new LldpSwitch(fleet.lan, 'sw', SWITCH_NAME, CHASSIS);
  for (const i of [1, 2]) sw.wire({ host: fleet.lan.host(i), port: `swp${i}`, portMac: portMac(i), description: portDescription(i), nic: UPLINK, nicMac: nicMac(i) });
  sw.start();
});

test.after.always(() => {
  sw?.stop();
});

const cmaQuery = (args: readonly string[]): Record<string, unknown>[] => world().query(args);

test.serial('each host is wired NIC → SwitchPort → Switch in Neo4j and moved into ring switch:<chassisId>', async (t) => {
  t.timeout(120_000);
  const { fleet: f, db } = world();
  world().startCma(['--discovery', 'lldp=2s/1s,inventory=3s/2s,netstat=off,arp=off']);
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

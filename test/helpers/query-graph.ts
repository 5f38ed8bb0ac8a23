/**
 * A small, fully known graph in the shape of docs/graph-model.md for the `cma query` tests, written with plain
 * Cypher (not through the GraphStore, so the queries are tested against the documented model itself).
 *
 * Rings: `switch:02:00:5e:00:0a:01` = web-1 → web-2 → web-3 (→ web-1), `subnet:198.18.1.0/24` = db-1 → db-2,
 * `top` = web-1 → db-1. web-4 is dead, db-3 shut down (in no ring). Eight events at fixed times from T0, two
 * relative to the seeding time (`recentBaseMs`), one without a host.
 */
import neo4j from 'neo4j-driver';
import type { AuthToken } from 'neo4j-driver';

/** 2026-01-15T08:00:00Z: the fixed events are at T0 + minutes. */
export const T0_MS = Date.UTC(2026, 0, 15, 8, 0, 0);
const MIN = 60_000;

export const SWITCH_RING = 'switch:02:00:5e:00:0a:01';
export const SUBNET_RING = 'subnet:198.18.1.0/24';

/** Host ids: 32 hex chars, one repeated digit per host so that tests read them easily. */
export const ID = {
  'web-1': '1'.repeat(32),
  'web-2': '2'.repeat(32),
  'web-3': '3'.repeat(32),
  'web-4': '4'.repeat(32),
  'db-1': 'a'.repeat(32),
  'db-2': 'b'.repeat(32),
  'db-3': 'c'.repeat(32),
} as const;

type Name = keyof typeof ID;

interface SeedHost {
  readonly hostname: Name;
  readonly status: 'up' | 'dead' | 'shutdown';
  readonly placement: string;
  readonly address: string;
  readonly lastSeenMs: number;
  readonly statusSinceMs: number;
  readonly deadReason: string;
}

export const HOSTS: readonly SeedHost[] = [
  { hostname: 'web-1', status: 'up', placement: SWITCH_RING, address: '198.18.0.11:1984', lastSeenMs: T0_MS + 30 * MIN, statusSinceMs: T0_MS, deadReason: '' },
  { hostname: 'web-2', status: 'up', placement: SWITCH_RING, address: '198.18.0.12:1984', lastSeenMs: T0_MS + 31 * MIN, statusSinceMs: T0_MS, deadReason: '' },
  { hostname: 'web-3', status: 'up', placement: SWITCH_RING, address: '198.18.0.13:1984', lastSeenMs: T0_MS + 32 * MIN, statusSinceMs: T0_MS, deadReason: '' },
  { hostname: 'web-4', status: 'dead', placement: SWITCH_RING, address: '198.18.0.14:1984', lastSeenMs: T0_MS + 9 * MIN, statusSinceMs: T0_MS + 10 * MIN, deadReason: `reported dead by ${ID['web-3']} and ${ID['web-1']}; no sign of life within 1500 ms` },
  { hostname: 'db-1', status: 'up', placement: SUBNET_RING, address: '198.18.1.21:1984', lastSeenMs: T0_MS + 33 * MIN, statusSinceMs: T0_MS, deadReason: '' },
  { hostname: 'db-2', status: 'up', placement: SUBNET_RING, address: '198.18.1.22:1984', lastSeenMs: T0_MS + 34 * MIN, statusSinceMs: T0_MS, deadReason: '' },
  { hostname: 'db-3', status: 'shutdown', placement: SUBNET_RING, address: '198.18.1.23:1984', lastSeenMs: T0_MS + 5 * MIN, statusSinceMs: T0_MS + 5 * MIN, deadReason: '' },
];

/** Ring → members in position order. */
export const RINGS: Readonly<Record<string, readonly Name[]>> = {
  [SWITCH_RING]: ['web-1', 'web-2', 'web-3'],
  [SUBNET_RING]: ['db-1', 'db-2'],
  top: ['web-1', 'db-1'],
};

/** WATCHES edges: both directions of every ring edge (a ring of two has one edge). */
function watches(): { from: string; to: string; ringId: string }[] {
  const out: { from: string; to: string; ringId: string }[] = [];
  for (const [ringId, members] of Object.entries(RINGS)) {
    const edges = members.length === 2 ? [[members[0], members[1]]] : members.map((m, i) => [m, members[(i + 1) % members.length]]);
    for (const [a, b] of edges) {
      if (a === undefined || b === undefined) continue;
      out.push({ from: ID[a], to: ID[b], ringId }, { from: ID[b], to: ID[a], ringId });
    }
  }
  return out;
}

export interface SeedEvent {
  readonly id: string;
  readonly wallMs: number;
  readonly type: string;
  readonly host: Name | null;
  readonly ringId: string | null;
  readonly detail: string;
}

/** The events; the last two are relative to `recentBaseMs` (the seeding time). */
export function seedEvents(recentBaseMs: number): SeedEvent[] {
  return [
    { id: 'c0ffee-1', wallMs: T0_MS, type: 'host-join', host: 'web-1', ringId: SWITCH_RING, detail: '{"position":0}' },
    { id: 'c0ffee-2', wallMs: T0_MS + MIN, type: 'host-join', host: 'db-1', ringId: SUBNET_RING, detail: '{"position":0}' },
    { id: 'c0ffee-3', wallMs: T0_MS + 5 * MIN, type: 'host-shutdown', host: 'db-3', ringId: SUBNET_RING, detail: '{}' },
    { id: 'c0ffee-4', wallMs: T0_MS + 9 * MIN, type: 'report-dead', host: 'web-4', ringId: SWITCH_RING, detail: '{"observer":"web-3"}' },
    { id: 'c0ffee-5', wallMs: T0_MS + 10 * MIN, type: 'host-dead', host: 'web-4', ringId: SWITCH_RING, detail: '{"observers":["web-3","web-1"]}' },
    { id: 'c0ffee-6', wallMs: T0_MS + 12 * MIN, type: 'ring-unreachable', host: null, ringId: SUBNET_RING, detail: '{"members":2}' },
    { id: 'c0ffee-7', wallMs: recentBaseMs - 20 * MIN, type: 'report-late', host: 'web-2', ringId: SWITCH_RING, detail: '{"observer":"web-1"}' },
    { id: 'c0ffee-8', wallMs: recentBaseMs - 5 * MIN, type: 'host-restart', host: 'web-2', ringId: SWITCH_RING, detail: '{"sessionId":7}' },
  ];
}

const SEED = [
  'CREATE CONSTRAINT host_id IF NOT EXISTS FOR (h:Host) REQUIRE h.hostId IS UNIQUE',
  'CREATE CONSTRAINT ring_id IF NOT EXISTS FOR (r:Ring) REQUIRE r.ringId IS UNIQUE',
  'CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE',
  'CREATE INDEX host_status IF NOT EXISTS FOR (h:Host) ON (h.status)',
  'CREATE INDEX event_wall IF NOT EXISTS FOR (e:Event) ON (e.wallMs)',
];

/** Writes the graph (idempotently: every write MERGEs on the model's keys). */
export async function seedGraph(uri: string, auth: AuthToken, recentBaseMs: number): Promise<void> {
  const driver = neo4j.driver(uri, auth);
  const int = (n: number) => neo4j.int(n);
  try {
    for (const statement of SEED) await driver.executeQuery(statement);
    await driver.executeQuery(
      `UNWIND $hosts AS row
       MERGE (h:Host {hostId: row.hostId})
       SET h.hostname = row.hostname, h.status = row.status, h.placement = row.placement, h.addresses = [row.address],
           h.lastSeenMs = row.lastSeenMs, h.firstSeenMs = $t0, h.statusSinceMs = row.statusSinceMs,
           h.deadAtMs = CASE row.status WHEN 'dead' THEN row.statusSinceMs ELSE null END, h.deadReason = row.deadReason,
           h.lateCount = 0, h.version = '0.1.0', h.machineId = '', h.sessionId = 1, h.startedWallMs = $t0`,
      {
        t0: int(T0_MS),
        hosts: HOSTS.map((h) => ({ ...h, hostId: ID[h.hostname], lastSeenMs: int(h.lastSeenMs), statusSinceMs: int(h.statusSinceMs) })),
      },
    );
    await driver.executeQuery(
      `UNWIND $members AS row
       MERGE (r:Ring {ringId: row.ringId}) SET r.placement = row.ringId
       WITH r, row MATCH (h:Host {hostId: row.hostId})
       MERGE (h)-[m:MEMBER_OF]->(r) SET m.position = row.position`,
      { members: Object.entries(RINGS).flatMap(([ringId, names]) => names.map((n, i) => ({ ringId, hostId: ID[n], position: int(i) }))) },
    );
    await driver.executeQuery(
      `UNWIND $edges AS row
       MATCH (a:Host {hostId: row.from}), (b:Host {hostId: row.to})
       MERGE (a)-[w:WATCHES {ringId: row.ringId}]->(b)`,
      { edges: watches() },
    );
    await driver.executeQuery(
      `UNWIND $events AS row
       MERGE (e:Event {id: row.id})
       SET e.wallMs = row.wallMs, e.type = row.type, e.hostId = row.hostId, e.ringId = row.ringId, e.detail = row.detail
       WITH e, row WHERE row.hostId IS NOT NULL
       MATCH (h:Host {hostId: row.hostId}) MERGE (e)-[:ABOUT]->(h)`,
      { events: seedEvents(recentBaseMs).map((e) => ({ ...e, wallMs: int(e.wallMs), hostId: e.host === null ? null : ID[e.host] })) },
    );
    await driver.executeQuery(
      `MATCH (h:Host {hostId: $hostId})
       MERGE (n:NIC {mac: '02:00:5e:00:00:11'}) SET n.name = 'eth0', n.mtu = 1500, n.hostId = $hostId, n.gone = false
       MERGE (h)-[:HAS_NIC]->(n)
       MERGE (ip:IPAddress {ip: '198.18.0.11'}) SET ip.family = 4, ip.gone = false
       MERGE (n)-[:HAS_IP {prefixLength: 24}]->(ip)`,
      { hostId: ID['web-1'] },
    );
  } finally {
    await driver.close();
  }
}

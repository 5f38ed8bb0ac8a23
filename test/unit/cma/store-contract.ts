// The GraphStore contract: any implementation (MemoryGraphStore now, the Neo4j store later) must pass these.
// Usage: graphStoreContract('MemoryGraphStore', () => new MemoryGraphStore()).
import test from 'ava';
import { RingSet, planJoin, planLeave, type RingMemberRecord } from '../../../cma/ring/index.ts';
import { StoreError, type EventRecord, type GraphStore, type HostRecord, type StoreBatch } from '../../../cma/store/index.ts';
import { DB1, SWITCH, WEB, factsOf, inventory, mac, threeHosts, webArp, webLldp, webNetstat } from '../../helpers/discovery-payloads.ts';

const hid = (n: number): string => n.toString(16).padStart(32, '0');

/** A host record of test host n. */
export function hostRecord(n: number, patch: Partial<HostRecord> = {}): HostRecord {
  return {
    hostId: hid(n),
    publicKey: new Uint8Array(32).fill(n),
    hostname: `host${n}`,
    addresses: [{ host: `198.18.0.${n}`, port: 1984 }],
    machineId: '',
    version: '0.1.0',
    sessionId: 1,
    startedWallMs: 1_000,
    firstSeenWallMs: 2_000,
    lastSeenWallMs: 2_000,
    status: 'up',
    statusSinceWallMs: 2_000,
    placement: 'subnet:198.18.0.0/24',
    deadAtWallMs: null,
    deadReason: '',
    lateCount: 0,
    ...patch,
  };
}

const event = (id: string, wallMs: number): EventRecord => ({ id, wallMs, type: 'host-join', hostId: hid(1), ringId: null, detail: { note: id } });
const batch = (patch: Partial<StoreBatch>): StoreBatch => ({ hosts: [], ringChanges: [], events: [], discovery: [], ...patch });
const sortMembers = (m: readonly RingMemberRecord[]): RingMemberRecord[] =>
  [...m].sort((x, y) => (x.ringId < y.ringId ? -1 : x.ringId > y.ringId ? 1 : x.position - y.position));

/** Registers the contract tests for one GraphStore implementation. */
export function graphStoreContract(name: string, factory: () => GraphStore | Promise<GraphStore>, factLines?: (store: GraphStore) => Promise<string[]>): void {
  const withStore = async (body: (store: GraphStore) => Promise<void>): Promise<void> => {
    const store = await factory();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };

  test.serial(`${name}: apply then load round-trips hosts, ring memberships and events`, async (t) => {
    await withStore(async (store) => {
      const rings = new RingSet();
      const changes = [1, 2, 3, 4].flatMap((n) => planJoin(rings, { id: hid(n), placement: 'subnet:198.18.0.0/24' }).graphChanges);
      const hosts = [hostRecord(2), hostRecord(1, { status: 'dead', deadAtWallMs: 5_000, deadReason: 'two observers' })];
      await store.apply(batch({ hosts, ringChanges: changes, events: [event('e1', 10), event('e2', 20)] }));
      t.deepEqual(await store.loadHosts(), [hosts[1], hosts[0]], 'sorted by hostId, every field kept');
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
      t.deepEqual(await store.events(0), [event('e1', 10), event('e2', 20)]);
      // a leave: memberships follow
      await store.apply(batch({ ringChanges: planLeave(rings, hid(2), 'dead').graphChanges }));
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
    });
  });

  test.serial(`${name}: upserts replace whole records and applying a batch twice changes nothing`, async (t) => {
    await withStore(async (store) => {
      const rings = new RingSet();
      const join = planJoin(rings, { id: hid(1), placement: 'subnet:198.18.0.0/24' }).graphChanges;
      const b = batch({ hosts: [hostRecord(1)], ringChanges: join, events: [event('e1', 10)], discovery: [{ hostId: hid(1), kind: 'os', hash: 'h', full: true, payload: { a: 1 }, wallMs: 10 }] });
      await store.apply(b);
      await store.apply(b);
      t.is((await store.loadHosts()).length, 1);
      t.deepEqual(sortMembers(await store.loadRingMembers()), sortMembers(rings.records()));
      t.is((await store.events(0)).length, 1);
      await store.apply(batch({ hosts: [hostRecord(1, { status: 'shutdown', lateCount: 3 })] }));
      t.like((await store.loadHosts())[0], { status: 'shutdown', lateCount: 3, hostname: 'host1' });
    });
  });

  test.serial(`${name}: events(since) returns events at or after the time, oldest first`, async (t) => {
    await withStore(async (store) => {
      await store.apply(batch({ events: [event('a', 100), event('b', 200)] }));
      await store.apply(batch({ events: [event('c', 300)] }));
      t.deepEqual((await store.events(200)).map((e) => e.id), ['b', 'c']);
      t.deepEqual((await store.events(301)).map((e) => e.id), []);
      t.deepEqual((await store.events(0)).map((e) => e.id), ['a', 'b', 'c']);
    });
  });

  test.serial(`${name}: records handed out are copies`, async (t) => {
    await withStore(async (store) => {
      const record = hostRecord(1);
      await store.apply(batch({ hosts: [record] }));
      const loaded = await store.loadHosts();
      (loaded[0]?.publicKey ?? new Uint8Array(1))[0] = 99;
      t.is((await store.loadHosts())[0]?.publicKey[0], 1);
    });
  });

  test.serial(`${name}: a malformed batch is rejected whole with STORE_BAD_BATCH`, async (t) => {
    await withStore(async (store) => {
      const bad = batch({ hosts: [hostRecord(1)], events: [{ ...event('x', 1), type: 'nonsense' as EventRecord['type'] }] });
      const err = await t.throwsAsync(store.apply(bad), { instanceOf: StoreError });
      t.is(err.code, 'STORE_BAD_BATCH');
      t.false(err.retriable);
      t.deepEqual(await store.loadHosts(), [], 'nothing of it was applied');
    });
  });

  test.serial(`${name}: after close every call rejects with STORE_CLOSED; close is idempotent`, async (t) => {
    const store = await factory();
    await store.close();
    await store.close();
    for (const call of [() => store.loadHosts(), () => store.loadRingMembers(), () => store.events(0), () => store.apply(batch({}))]) {
      const err = await t.throwsAsync(call(), { instanceOf: StoreError });
      t.is(err.code, 'STORE_CLOSED');
    }
  });

  test.serial(`${name}: the discovery hashes it holds are the latest per host and kind`, async (t) => {
    await withStore(async (store) => {
      const d = (kind: string, hash: string): StoreBatch['discovery'][number] => ({ hostId: hid(1), kind, hash, full: true, payload: {}, wallMs: 1 });
      await store.apply(batch({ hosts: [hostRecord(1)], discovery: [d('netstat', 'a'), d('arp', 'b')] }));
      await store.apply(batch({ discovery: [d('netstat', 'c')] }));
      t.deepEqual(await store.loadDiscoveryHashes(), [{ hostId: hid(1), kind: 'arp', hash: 'b' }, { hostId: hid(1), kind: 'netstat', hash: 'c' }]);
    });
  });

  if (factLines === undefined) return;

  test.serial(`${name}: discovery facts become NICs, addresses, subnets, switch ports, processes, endpoints and SEES; applying twice changes nothing`, async (t) => {
    await withStore(async (store) => {
      const facts = threeHosts(1_000);
      await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2), hostRecord(3)], facts }));
      const lines = (await factLines(store)).filter((l) => !/^(Service|PROVIDED_BY|DEPENDS_ON) /.test(l));
      const has = (line: string): void => {
        t.true(lines.includes(line), `missing: ${line}\n${lines.join('\n')}`);
      };
      has(`NIC ${mac(1)} name="eth0" mtu=1500 speedMbps=1000 hostId="${WEB}" gone=false`);
      has(`HAS_NIC Host ${WEB} -> NIC ${mac(1)}`);
      has(`HAS_IP NIC ${mac(1)} -> IPAddress 198.18.0.1 prefixLength=24`);
      has('IN_SUBNET IPAddress 198.18.0.1 -> Subnet 198.18.0.0/24');
      has(`Switch ${SWITCH} name="sw1" chassisIdSubtype="mac" capabilities=["bridge"]`);
      has(`SwitchPort ["${SWITCH}","Gi0/1"] chassisId="${SWITCH}" portId="Gi0/1" vlans=[10] pvid=10`);
      has(`HAS_PORT Switch ${SWITCH} -> SwitchPort ["${SWITCH}","Gi0/1"]`);
      has(`WIRED_TO NIC ${mac(1)} -> SwitchPort ["${SWITCH}","Gi0/1"] protocol="lldp" gone=false`);
      const app = `["${WEB}",200,2000]`;
      has(`Process ${app} hostId="${WEB}" pid=200 startTime=2000 exe="/usr/bin/python3" name="python3" gone=false`);
      has(`RUNS Host ${WEB} -> Process ${app}`);
      // wildcard listeners on the host's concrete addresses; :: covers IPv4 too; loopback and ephemeral UDP left out
      has(`LISTENS_ON Process ["${WEB}",100,1000] -> Endpoint ["198.18.0.1",80,"tcp"] gone=false`);
      has(`LISTENS_ON Process ["${hid(3)}",400,4000] -> Endpoint ["198.18.0.3",5432,"tcp"] gone=false`);
      has(`CONNECTS_TO Process ${app} -> Endpoint ["198.18.0.2",5432,"tcp"] gone=false`);
      has('Endpoint ["198.18.0.2",5432,"tcp"] ip="198.18.0.2" port=5432 proto="tcp" external=false');
      has('Endpoint ["203.0.113.9",443,"tcp"] ip="203.0.113.9" port=443 proto="tcp" external=true');
      has(`SEES Host ${WEB} -> IPAddress 198.18.0.254 mac="02:00:00:00:00:fe" gone=false`);
      has(`SEES Host ${WEB} -> IPAddress 198.18.0.2 mac="${mac(2)}" gone=false`);
      t.false(lines.some((l) => /127\.0\.0\.1|45000|fe80|Endpoint \["0\.0\.0\.0"/.test(l)), 'no loopback, ephemeral UDP, link-local or wildcard endpoints');
      t.is(lines.filter((l) => l.startsWith('NIC ')).length, 3, 'no lo NIC');
      await store.apply(batch({ facts }));
      t.deepEqual((await factLines(store)).filter((l) => !/^(Service|PROVIDED_BY|DEPENDS_ON) /.test(l)), lines, 'idempotent');
    });
  });

  test.serial(`${name}: what a new full state lacks is marked gone, not deleted; it comes back with gone=false`, async (t) => {
    await withStore(async (store) => {
      await store.apply(batch({ hosts: [hostRecord(1), hostRecord(2)], facts: threeHosts(1_000) }));
      const eth1 = { name: 'eth1', mac: mac(0x11), mtuBytes: 9000, addresses: [{ family: 4, address: '198.18.1.1', prefixLength: 24, scope: 'global' }] };
      await store.apply(batch({ facts: [factsOf(1, 'inventory', inventory(1, [eth1]), 2_000)] }));
      await store.apply(batch({ facts: [factsOf(1, 'netstat', webNetstat({ withApp: false }), 3_000), factsOf(1, 'arp', { neighbours: [] }, 3_000), factsOf(1, 'inventory', inventory(1), 3_000), factsOf(1, 'lldp', webLldp('Gi0/2'), 3_000)] }));
      const lines = await factLines(store);
      const has = (line: string): void => {
        t.true(lines.includes(line), `missing: ${line}\n${lines.join('\n')}`);
      };
      has(`Process ["${WEB}",200,2000] hostId="${WEB}" pid=200 startTime=2000 exe="/usr/bin/python3" name="python3" gone=true`);
      has(`CONNECTS_TO Process ["${WEB}",200,2000] -> Endpoint ["198.18.0.2",5432,"tcp"] gone=true`);
      has(`Process ["${WEB}",100,1000] hostId="${WEB}" pid=100 startTime=1000 exe="/usr/sbin/nginx" name="nginx" gone=false`);
      has(`SEES Host ${WEB} -> IPAddress 198.18.0.254 mac="02:00:00:00:00:fe" gone=true`);
      has(`NIC ${mac(0x11)} name="eth1" mtu=9000 speedMbps=null hostId="${WEB}" gone=true`);
      has('IPAddress 198.18.1.1 family=4 gone=true');
      has('IPAddress 198.18.0.1 family=4 gone=false');
      has(`WIRED_TO NIC ${mac(1)} -> SwitchPort ["${SWITCH}","Gi0/1"] protocol="lldp" gone=true`);
      has(`WIRED_TO NIC ${mac(1)} -> SwitchPort ["${SWITCH}","Gi0/2"] protocol="lldp" gone=false`);
      // the db host's own facts are untouched by web's reports
      has(`NIC ${mac(2)} name="eth0" mtu=1500 speedMbps=1000 hostId="${DB1}" gone=false`);
      // back again
      await store.apply(batch({ facts: [factsOf(1, 'netstat', webNetstat(), 4_000), factsOf(1, 'arp', webArp(), 4_000)] }));
      const again = await factLines(store);
      t.true(again.includes(`CONNECTS_TO Process ["${WEB}",200,2000] -> Endpoint ["198.18.0.2",5432,"tcp"] gone=false`));
      t.true(again.includes(`SEES Host ${WEB} -> IPAddress 198.18.0.254 mac="02:00:00:00:00:fe" gone=false`));
    });
  });

  test.serial(`${name}: host facts set the Host's operator properties only; a fact no longer given is cleared`, async (t) => {
    await withStore(async (store) => {
      await store.apply(batch({ hosts: [hostRecord(1)] }));
      const before = await store.loadHosts();
      // hostId and status are no facts: the translation drops them before the store sees them.
      await store.apply(batch({ facts: [factsOf(1, 'facts', { owner: 'team-web', contact: 'web@example.org', rack: 12, hostId: 'x', status: 'dead' }, 1_000)] }));
      const first = await factLines(store);
      t.true(first.includes(`Host ${WEB} owner="team-web" contact="web@example.org" role=null environment=null site=null datacenter=null rack=12 zone=null team=null description=null`), first.join('\n'));
      await store.apply(batch({ facts: [factsOf(1, 'facts', { owner: 'team-platform', role: 'web' }, 2_000)] }));
      const lines = await factLines(store);
      t.true(lines.includes(`Host ${WEB} owner="team-platform" contact=null role="web" environment=null site=null datacenter=null rack=null zone=null team=null description=null`), lines.join('\n'));
      t.deepEqual(await store.loadHosts(), before, 'the CMA-owned host record is untouched');
    });
  });

  test.serial(`${name}: LLDP heard before the inventory wires the NIC once the inventory arrives`, async (t) => {
    await withStore(async (store) => {
      await store.apply(batch({ hosts: [hostRecord(1)], facts: [factsOf(1, 'lldp', webLldp(), 1_000)] }));
      t.false((await factLines(store)).some((l) => l.startsWith('WIRED_TO')));
      await store.apply(batch({ facts: [factsOf(1, 'inventory', inventory(1), 2_000)] }));
      t.true((await factLines(store)).includes(`WIRED_TO NIC ${mac(1)} -> SwitchPort ["${SWITCH}","Gi0/1"] protocol="lldp" gone=false`));
    });
  });
}

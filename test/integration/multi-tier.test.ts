/**
 * A multi-tier world, every process real (issue 7): two switches (Debian's lldpd, each in its own namespace), a load
 * balancer (Debian's haproxy), two web hosts (Python HTTP servers that ask the database on every request), a database
 * (Debian's redis-server) and two clients sending requests through the lb. Every host runs a real nanoprobe with fast
 * discovery; the CMA runs on a real Neo4j. Once discovery has settled, the questions an operator asks are answered by
 * the real `cma query` CLI, exactly: who depends on whom, the wiring, what a db or switch failure breaks, the single
 * points of failure. Then the db host is killed (-9: its nanoprobe and redis) and the answers are asked again.
 *
 *   sw-a: swp1 → lb-1, swp2 → web-1        sw-b: swp1 → web-2, swp2 → db-1        client-1, client-2: no switch
 *   client-N → haproxy:80 (lb-1) → python3:8080 (web-1, web-2) → redis:6379 (db-1)
 */
import test from 'ava';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LldpSwitch, requireLldpd } from '../helpers/lldp-switch.ts';
import { useNeo4jFleet } from '../helpers/neo4j-fleet.ts';
import type { TestHost } from '../helpers/netns.ts';
import { DB_PORT, LB_PORT, PYTHON, TierApps, WEB_PORT, programName, requireTierPackages } from '../helpers/tier-apps.ts';

const NAMES = ['lb-1', 'web-1', 'web-2', 'db-1', 'client-1', 'client-2'] as const;
type Name = (typeof NAMES)[number];
const INDEX = Object.fromEntries(NAMES.map((n, i) => [n, i + 1])) as Record<Name, number>;
const UPLINK = 'uplink0';
const PLAN = 'netstat=3s/2s,arp=5s/2s,inventory=3s/2s,lldp=2s/1s';
const world = useNeo4jFleet(test, { tag: 'mt', nanoprobes: NAMES.length, subnet: 7 });

/** Switch → [port, host] wiring. */
const WIRING = [
  { name: 'sw-a.lab.example', suffix: 'swa', chassisId: '02:00:5e:07:01:00', ports: [['swp1', 'lb-1'], ['swp2', 'web-1']] },
  { name: 'sw-b.lab.example', suffix: 'swb', chassisId: '02:00:5e:07:02:00', ports: [['swp1', 'web-2'], ['swp2', 'db-1']] },
] as const;
const nicMac = (h: Name): string => `02:00:5e:07:a0:0${INDEX[h]}`;
const switches: LldpSwitch[] = [];

/** What the world runs: pids, process labels (`host/comm[pid]`) and service names (`<program>:<port>`). */
interface World {
  readonly pid: Record<'db' | 'web1' | 'web2' | 'lb' | 'client1' | 'client2', number>;
  readonly probePid: Record<Name, number>;
  /** The LAN NIC of each host (name, MAC), besides the uplink to its switch. */
  readonly lanNic: Record<Name, { name: string; mac: string }>;
  readonly dbService: string;
  readonly webService: string;
  readonly lbService: string;
  readonly probeService: string;
}
let w: World | undefined;
const W = (): World => {
  if (w === undefined) throw new Error('the world did not start (see before())');
  return w;
};

const host = (h: Name): TestHost => world().fleet.lan.host(INDEX[h]);
const comms = new Map<number, string>();
/** A process's comm, read while it runs and remembered (the db's processes are asked about after the kill). */
const comm = (pid: number): string => comms.get(pid) ?? comms.set(pid, readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).get(pid) ?? '?';
const proc = (h: Name, pid: number): string => `${h}/${comm(pid)}[${pid}]`;
const cli = (...args: string[]): Record<string, unknown>[] => world().query(args);

function lanNicOf(ns: string): { name: string; mac: string } {
  const links = JSON.parse(spawnSync('ip', ['-n', ns, '-j', 'link', 'show'], { encoding: 'utf8' }).stdout) as { ifname: string; address: string }[];
  const lan = links.filter((l) => l.ifname !== 'lo' && l.ifname !== UPLINK);
  if (lan.length !== 1 || lan[0] === undefined) throw new Error(`${ns}: expected one LAN interface, got ${JSON.stringify(lan)}`);
  return { name: lan[0].ifname, mac: lan[0].address };
}

/** Resolves when `child` printed `text` on stdout; rejects when it exits first. */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(text)) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`exited (${String(code)}) before printing ${text}`));
    });
  });
}

test.serial.before(async (t) => {
  t.timeout(150_000);
  requireLldpd();
  requireTierPackages();
  const { fleet, dir } = world();
  NAMES.forEach((n, i) => fleet.hostnames.set(i + 1, n));
  for (const spec of WIRING) {
    const sw = new LldpSwitch(fleet.lan, spec.suffix, spec.name, spec.chassisId);
    switches.push(sw);
    for (const [port, h] of spec.ports) sw.wire({ host: host(h), port, portMac: `${spec.chassisId.slice(0, 15)}0${port.slice(-1)}`, description: `to ${h}`, nic: UPLINK, nicMac: nicMac(h) });
    sw.start();
  }

  // The applications, tier by tier, each started once the one below it answers.
  const apps = new TierApps(fleet.lan, dir);
  const db = apps.db(host('db-1'));
  await fleet.until('redis listening', () => Promise.resolve(apps.reachable(host('web-1'), host('db-1').ip, DB_PORT) || undefined), 20_000);
  const [web1, web2] = [apps.web(host('web-1'), host('db-1')), apps.web(host('web-2'), host('db-1'))];
  await fleet.until('the webs listening', () => Promise.resolve((apps.reachable(host('lb-1'), host('web-1').ip, WEB_PORT) && apps.reachable(host('lb-1'), host('web-2').ip, WEB_PORT)) || undefined), 20_000);
  const lb = apps.lb(host('lb-1'), [host('web-1'), host('web-2')]);
  await fleet.until('haproxy listening', () => Promise.resolve(apps.reachable(host('client-1'), host('lb-1').ip, LB_PORT) || undefined), 20_000);
  const clients = [apps.client(host('client-1'), host('lb-1')), apps.client(host('client-2'), host('lb-1'))];
  await Promise.all(clients.map((c) => printed(c, 'first answer'))); // end to end: client → haproxy → web → redis

  // The CMA first (its API answering), then a nanoprobe on every host.
  world().startCma(['--discovery', PLAN]);
  await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined), 40_000);
  for (const h of NAMES) fleet.startProbe(INDEX[h], false, WIRING.some((s) => s.ports.some(([, x]) => x === h)) ? { RINGWATCH_LLDP_INTERFACES: UPLINK } : {});

  // Settled: every dependency edge between the tiers derived, and every wired host's uplink on its switch port.
  const t0 = Date.now();
  const want = ['web-1>db-1', 'web-2>db-1', 'lb-1>web-1', 'lb-1>web-2', 'client-1>lb-1', 'client-2>lb-1', ...WIRING.flatMap((s) => s.ports.map(([p, h]) => `${h}@${s.chassisId}/${p}`))];
  await fleet.until('discovery settled', async () => {
    const q = (cypher: string): Promise<Record<string, unknown>[]> => world().db.query(cypher);
    const have = new Set([
      ...(await q(`MATCH (c:Host)-[:RUNS]->(:Process)-[d:DEPENDS_ON]->(:Service)-[:PROVIDED_BY]->(:Process)<-[:RUNS]-(p:Host)
                   WHERE NOT d.stale RETURN DISTINCT c.hostname + '>' + p.hostname AS k`)),
      ...(await q(`MATCH (h:Host)-[:HAS_NIC]->(:NIC)-[:WIRED_TO]->(p:SwitchPort)<-[:HAS_PORT]-(s:Switch)
                   RETURN h.hostname + '@' + s.chassisId + '/' + p.portId AS k`)),
    ].map((r) => String(r['k'])));
    return want.every((k) => have.has(k)) ? true : undefined;
  }, 90_000);
  t.log(`discovery settled ${Date.now() - t0} ms after the nanoprobes started (plan ${PLAN})`);
  const pidOf = (c: ChildProcess | undefined): number => {
    if (c?.pid === undefined) throw new Error('a process did not start');
    return c.pid;
  };
  const pid = { db: pidOf(db), web1: pidOf(web1), web2: pidOf(web2), lb: pidOf(lb), client1: pidOf(clients[0]), client2: pidOf(clients[1]) };
  const probePid = Object.fromEntries(NAMES.map((n) => [n, pidOf(fleet.probes.get(INDEX[n]))])) as Record<Name, number>;
  for (const p of [...Object.values(pid), ...Object.values(probePid)]) comm(p); // exec'd by now (ip netns exec execs in place)
  w = {
    pid,
    probePid,
    lanNic: Object.fromEntries(NAMES.map((n) => [n, lanNicOf(host(n).ns)])) as World['lanNic'],
    dbService: `${programName(pid.db)}:${DB_PORT}`,
    webService: `${programName(pid.web1)}:${WEB_PORT}`,
    lbService: `${programName(pid.lb)}:${LB_PORT}`,
    probeService: `${programName(probePid['db-1'])}:1984`,
  };
});

test.after.always(() => {
  for (const s of switches) s.stop();
});

/**
 * The web service has two providers, so a shortest path through it may name either web: the part of a path that
 * goes through it is written `web-?/…` on both sides of a comparison.
 */
function untie(text: unknown): unknown {
  if (typeof text !== 'string' || w === undefined) return text;
  const { web1, web2 } = w.pid;
  return text.replace(new RegExp(`web-[12]/python3\\[(${web1}|${web2})\\] → ${w.webService.replaceAll('.', '\\.')}`, 'g'), `web-?/python3[?] → ${w.webService}`)
    .replace(new RegExp(`${w.webService.replaceAll('.', '\\.')} → web-[12]/python3\\[(${web1}|${web2})\\] → `, 'g'), `${w.webService} → web-?/python3[?] → `);
}

const KIND_RANK: Record<string, number> = { host: 0, switch: 1, port: 2, service: 3, process: 4, external: 5 };
/** Rows as arrays in column order with paths untied, sorted by (hops, kind, name, why) — ties are in any order. */
function table(rows: readonly Record<string, unknown>[]): unknown[][] {
  const vals = rows.map((r) => Object.entries(r).map(([k, v]) => (k === 'why' || k === 'path' ? untie(v) : v)));
  return vals.sort((a, b) => Number(a[0]) - Number(b[0]) || (KIND_RANK[String(a[1])] ?? 9) - (KIND_RANK[String(b[1])] ?? 9) || String(a[2]).localeCompare(String(b[2])) || String(a.at(-1)).localeCompare(String(b.at(-1))));
}

/** The rows come nearest first: hops, then host, service, process, then name. */
function nearestFirst(rows: readonly Record<string, unknown>[]): boolean {
  const key = (r: Record<string, unknown>): [number, number, string] => [Number(r['hops']), KIND_RANK[String(r['kind'])] ?? 9, String(r['name'])];
  return rows.every((r, i) => {
    const prev = rows[i - 1];
    if (prev === undefined) return true;
    const [a, b] = [key(prev), key(r)];
    return a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])));
  });
}

/** Asks until the CLI gives `expected` (derivation may still be converging), then asserts it exactly. */
async function answers(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, args: string[], expected: unknown[][], shape: (rows: Record<string, unknown>[]) => unknown[][] = table): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  const same = (): boolean => JSON.stringify(shape(rows)) === JSON.stringify(expected);
  await world().fleet.until(`cma query ${args.join(' ')}`, () => {
    rows = cli(...args);
    return Promise.resolve(same() || undefined);
  }, 20_000).catch(() => undefined);
  t.deepEqual(shape(rows), expected, `cma query ${args.join(' ')}`);
  return rows;
}

/** What failing db-1 breaks (rows of `cma query impact target=db-1`). */
function dbImpact(): unknown[][] {
  const { pid, probePid, dbService: dbs, webService: webs, lbService: lbs, probeService } = W();
  const [redis, np] = [proc('db-1', pid.db), proc('db-1', probePid['db-1'])];
  const [web1, web2, lb, c1, c2] = [proc('web-1', pid.web1), proc('web-2', pid.web2), proc('lb-1', pid.lb), proc('client-1', pid.client1), proc('client-2', pid.client2)];
  const toWebs = `db-1 → ${redis} → ${dbs} → web-?/python3[?] → ${webs}`;
  return table([
    [0, 'host', 'db-1', 'db-1', 'down', 'db-1'],
    [0, 'service', probeService, null, 'down', `db-1 → ${np} → ${probeService}`],
    [0, 'service', dbs, null, 'down', `db-1 → ${redis} → ${dbs}`],
    [0, 'process', np, 'db-1', 'down', `db-1 → ${np}`],
    [0, 'process', redis, 'db-1', 'down', `db-1 → ${redis}`],
    [1, 'host', 'web-1', 'web-1', 'loses', `db-1 → ${redis} → ${dbs} → ${web1}`],
    [1, 'host', 'web-2', 'web-2', 'loses', `db-1 → ${redis} → ${dbs} → ${web2}`],
    [1, 'service', webs, null, 'loses', toWebs],
    [1, 'process', web1, 'web-1', 'loses', `db-1 → ${redis} → ${dbs} → ${web1}`],
    [1, 'process', web2, 'web-2', 'loses', `db-1 → ${redis} → ${dbs} → ${web2}`],
    [2, 'host', 'lb-1', 'lb-1', 'loses', `${toWebs} → ${lb}`],
    [2, 'service', lbs, null, 'loses', `${toWebs} → ${lb} → ${lbs}`],
    [2, 'process', lb, 'lb-1', 'loses', `${toWebs} → ${lb}`],
    [3, 'host', 'client-1', 'client-1', 'loses', `${toWebs} → ${lb} → ${lbs} → ${c1}`],
    [3, 'host', 'client-2', 'client-2', 'loses', `${toWebs} → ${lb} → ${lbs} → ${c2}`],
    [3, 'process', c1, 'client-1', 'loses', `${toWebs} → ${lb} → ${lbs} → ${c1}`],
    [3, 'process', c2, 'client-2', 'loses', `${toWebs} → ${lb} → ${lbs} → ${c2}`],
  ].map((r) => Object.fromEntries(['hops', 'kind', 'name', 'host', 'effect', 'why'].map((k, i) => [k, r[i]]))));
}

const rowsOf = (columns: string[], values: unknown[][]): Record<string, unknown>[] => values.map((v) => Object.fromEntries(columns.map((c, i) => [c, v[i]])));
const DEPS = ['hops', 'kind', 'name', 'host', 'path'];

test.serial('dependencies: each web on the db, the lb on both webs (and through them on the db), each client on the lb', async (t) => {
  const { pid, dbService: dbs, webService: webs, lbService: lbs } = W();
  const [redis, web1, web2, lb] = [proc('db-1', pid.db), proc('web-1', pid.web1), proc('web-2', pid.web2), proc('lb-1', pid.lb)];
  for (const [h, p] of [['web-1', web1], ['web-2', web2]] as const) {
    await answers(t, ['dependencies', '-p', `target=${h}`], table(rowsOf(DEPS, [
      [1, 'host', 'db-1', 'db-1', `${p} → ${dbs} → ${redis}`],
      [1, 'service', dbs, null, `${p} → ${dbs}`],
    ])));
  }
  await answers(t, ['dependencies', '-p', 'target=lb-1'], table(rowsOf(DEPS, [
    [1, 'host', 'web-1', 'web-1', `${lb} → ${webs} → ${web1}`],
    [1, 'host', 'web-2', 'web-2', `${lb} → ${webs} → ${web2}`],
    [1, 'service', webs, null, `${lb} → ${webs}`],
  ])));
  await answers(t, ['dependencies', '-p', 'target=lb-1', '-p', 'depth=3'], table(rowsOf(DEPS, [
    [1, 'host', 'web-1', 'web-1', `${lb} → ${webs} → ${web1}`],
    [1, 'host', 'web-2', 'web-2', `${lb} → ${webs} → ${web2}`],
    [1, 'service', webs, null, `${lb} → ${webs}`],
    [2, 'host', 'db-1', 'db-1', `${lb} → ${webs} → web-?/python3[?] → ${dbs} → ${redis}`],
    [2, 'service', dbs, null, `${lb} → ${webs} → web-?/python3[?] → ${dbs}`],
  ])));
  for (const [h, p] of [['client-1', pid.client1], ['client-2', pid.client2]] as const) {
    await answers(t, ['dependencies', '-p', `target=${h}`], table(rowsOf(DEPS, [
      [1, 'host', 'lb-1', 'lb-1', `${proc(h, p)} → ${lbs} → ${lb}`],
      [1, 'service', lbs, null, `${proc(h, p)} → ${lbs}`],
    ])));
  }
  t.deepEqual(table(cli('dependencies', '-p', 'target=db-1', '-p', 'depth=8')), [], 'the db depends on nothing');
});

test.serial('wiring: every wired host\'s uplink on its switch port (hostswitchports, switchports), the LAN NIC unwired', async (t) => {
  const { lanNic } = W();
  const plain = (rows: Record<string, unknown>[]): unknown[][] => rows.map((r) => Object.values(r));
  for (const sw of WIRING) {
    for (const [port, h] of sw.ports) {
      await answers(t, ['hostswitchports', '-p', `host=${h}`], [
        [h, UPLINK, nicMac(h), sw.name, sw.chassisId, port, `to ${h}`, []],
        [h, lanNic[h].name, lanNic[h].mac, null, null, null, null, null],
      ], plain);
    }
    await answers(t, ['switchports', '-p', `switch=${sw.name}`], sw.ports.map(([port, h]) => [sw.name, port, `to ${h}`, [], h, UPLINK, nicMac(h), []]), plain);
  }
  t.deepEqual(plain(cli('hostswitchports', '-p', 'host=client-1')), [['client-1', W().lanNic['client-1'].name, W().lanNic['client-1'].mac, null, null, null, null, null]], 'a client hears no switch');
});

test.serial('impact of the db host: both webs lose it, then transitively the lb and the clients', async (t) => {
  const rows = await answers(t, ['impact', '-p', 'target=db-1'], dbImpact());
  t.true(nearestFirst(rows), 'nearest first');
});

test.serial('spof: the db service has its host and the switch in front of it, the lb likewise; the two-web service has none', async (t) => {
  const { dbService: dbs, lbService: lbs } = W();
  const expected = [
    [lbs, 2, 'host', 'lb-1', 'the only provider host'],
    [lbs, 2, 'switch', 'sw-a.lab.example', 'the only provider host is wired only to it'],
    [dbs, 2, 'host', 'db-1', 'the only provider host'],
    [dbs, 2, 'switch', 'sw-b.lab.example', 'the only provider host is wired only to it'],
  ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  await answers(t, ['spof'], expected, (rows) => rows.map((r) => Object.values(r)));
});

test.serial('impact of a switch: the hosts behind it are down, then their dependents transitively; --graph svg draws it', async (t) => {
  const { pid, probePid, dbService: dbs, webService: webs, lbService: lbs, probeService } = W();
  const [redis, web1, web2, lb, c1, c2] = [proc('db-1', pid.db), proc('web-1', pid.web1), proc('web-2', pid.web2), proc('lb-1', pid.lb), proc('client-1', pid.client1), proc('client-2', pid.client2)];
  const [np2, np4] = [proc('web-2', probePid['web-2']), proc('db-1', probePid['db-1'])];
  const [toDb, toWeb2] = ['sw-b.lab.example → swp2 → uplink0 → db-1', 'sw-b.lab.example → swp1 → uplink0 → web-2'];
  const viaLb = `${toWeb2} → ${web2} → ${webs} → ${lb}`;
  const rows = await answers(t, ['impact', '-p', 'target=sw-b.lab.example'], table(rowsOf(['hops', 'kind', 'name', 'host', 'effect', 'why'], [
    [0, 'host', 'db-1', 'db-1', 'down', toDb],
    [0, 'host', 'web-2', 'web-2', 'down', toWeb2],
    [0, 'service', probeService, null, 'down', `${toDb} → ${np4} → ${probeService}`],
    [0, 'service', probeService, null, 'down', `${toWeb2} → ${np2} → ${probeService}`],
    [0, 'service', webs, null, 'loses', `${toWeb2} → ${web2} → ${webs}`],
    [0, 'service', dbs, null, 'down', `${toDb} → ${redis} → ${dbs}`],
    [0, 'process', np4, 'db-1', 'down', `${toDb} → ${np4}`],
    [0, 'process', redis, 'db-1', 'down', `${toDb} → ${redis}`],
    [0, 'process', np2, 'web-2', 'down', `${toWeb2} → ${np2}`],
    [0, 'process', web2, 'web-2', 'down', `${toWeb2} → ${web2}`],
    [1, 'host', 'lb-1', 'lb-1', 'loses', viaLb],
    [1, 'host', 'web-1', 'web-1', 'loses', `${toDb} → ${redis} → ${dbs} → ${web1}`],
    [1, 'service', lbs, null, 'loses', `${viaLb} → ${lbs}`],
    [1, 'process', lb, 'lb-1', 'loses', viaLb],
    [1, 'process', web1, 'web-1', 'loses', `${toDb} → ${redis} → ${dbs} → ${web1}`],
    [2, 'host', 'client-1', 'client-1', 'loses', `${viaLb} → ${lbs} → ${c1}`],
    [2, 'host', 'client-2', 'client-2', 'loses', `${viaLb} → ${lbs} → ${c2}`],
    [2, 'process', c1, 'client-1', 'loses', `${viaLb} → ${lbs} → ${c1}`],
    [2, 'process', c2, 'client-2', 'loses', `${viaLb} → ${lbs} → ${c2}`],
  ])));
  t.true(nearestFirst(rows), 'nearest first');
  // By chassis id the same switch answers the same.
  t.deepEqual(table(cli('impact', '-p', `target=${WIRING[1].chassisId}`)), table(rows));

  const file = join(world().dir, 'sw-b.svg');
  const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', 'impact', '-p', 'target=sw-b.lab.example', '--graph', 'svg', '--out', file], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, RINGWATCH_NEO4J_URI: world().db.uri, RINGWATCH_NEO4J_PASSWORD: world().db.password },
  });
  t.is(r.status, 0, r.stderr);
  const svg = readFileSync(file, 'utf8').replace(/&#45;/g, '-');
  t.regex(svg, /^<\?xml[^]*<svg /);
  for (const label of ['sw-b.lab.example', 'swp1', 'swp2', 'db-1', 'web-2', 'web-1', 'lb-1', dbs, webs, lbs, redis, web1, lb, c1, c2]) t.true(svg.includes(`>${label}</text>`), label);
});

test.serial('kill -9 of the db host: down lists it dead with its observers by hostname, the clients get 503s, impact and dependencies still name who it breaks', async (t) => {
  const { fleet } = world();
  const { pid, dbService: dbs } = W();
  t.deepEqual(cli('down'), [], 'nobody is down before');
  t.deepEqual(cli('down-services'), [], 'every service has a live provider before');
  const dbId = (await fleet.hosts()).find((h) => h.hostname === 'db-1')?.hostId ?? '?';
  const before = Date.now();
  fleet.probes.get(INDEX['db-1'])?.kill('SIGKILL');
  process.kill(pid.db, 'SIGKILL');
  const dead = await fleet.until('db-1 dead (CMA API)', async () => (await fleet.hosts()).find((h) => h.hostId === dbId && h.status === 'dead'), 20_000);
  t.log(`db-1 declared dead ${Date.now() - before} ms after the kill: ${dead.deadReason}`);
  const names = new Map((await fleet.hosts()).map((h) => [h.hostId, h.hostname]));
  const reason = [...names].reduce((r, [id, name]) => r.replaceAll(id, name), dead.deadReason);
  t.regex(reason, /^reported dead by (lb-1|web-1|web-2|client-1|client-2)( and (lb-1|web-1|web-2|client-1|client-2))*; /, 'its watchers in its rings');
  const down = await fleet.until('db-1 in cma query down', () => Promise.resolve(cli('down').find((r) => r['hostname'] === 'db-1')), 20_000);
  t.deepEqual(cli('down'), [{ hostname: 'db-1', hostId: dbId, status: 'dead', since: down['since'], reason }]);
  t.true(Math.abs(Date.parse(String(down['since'])) - Date.now()) < 60_000, String(down['since']));
  t.notRegex(String(down['reason']), /[0-9a-f]{32}/, 'observers are named by hostname');

  // The real effect: a request through the lb reaches a web that cannot reach the db.
  const get = (): string => spawnSync('ip', ['netns', 'exec', host('client-1').ns, PYTHON, '-c', `
import urllib.request, urllib.error
try:
    print(urllib.request.urlopen('http://${host('lb-1').ip}:${LB_PORT}/', timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode().strip())`], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
  t.is(await fleet.until('a 503 through the lb', () => Promise.resolve(get().startsWith('503') ? get() : undefined), 10_000), '503 db unavailable');

  // The graph still answers what the dead db breaks and who depended on it; its only provider host is down.
  await answers(t, ['impact', '-p', 'target=db-1'], dbImpact());
  t.deepEqual(table(cli('dependencies', '-p', 'target=web-1')).map((r) => r.slice(0, 4)), [[1, 'host', 'db-1', 'db-1'], [1, 'service', dbs, null]]);
  const providers = cli('allservices').filter((r) => r['service'] === dbs).map((r) => r['providers']);
  t.deepEqual(providers, [[proc('db-1', pid.db)]]);
  t.deepEqual(cli('hosts').filter((r) => r['hostname'] === 'db-1').map((r) => r['status']), ['dead'], 'the db service\'s only provider host is dead');
  // down-services says so directly: the db service (both webs its clients) and db-1's own nanoprobe listener.
  const { probePid, probeService } = W();
  t.deepEqual(
    cli('down-services').map((r) => [r['service'], String(r['key']).endsWith(`@${dbId}`), r['clients'], r['providers'], r['since']]),
    [
      [dbs, true, 2, [`${proc('db-1', pid.db)}: host dead`], down['since']],
      [probeService, true, 0, [`${proc('db-1', probePid['db-1'])}: host dead`], down['since']],
    ],
  );
});

// `npm run demo`: the core loop of ringwatch with real processes and real Neo4j. The project's embedded Neo4j starts
// (built with Maven on the first run, progress on stderr) with a temporary data dir, a free port and a generated
// password; a CMA on it (`--store neo4j`) and six nanoprobes start (each in its own network namespace when we are
// root, else on loopback addresses), register, and form a ring; one nanoprobe is killed with SIGKILL; the demo
// prints how long the CMA took to confirm the death and the repaired ring, then asks Neo4j about it with the real
// `cma query` command. Everything is stopped and removed at the end, on failure and on Ctrl-C. Human output on
// stdout; RINGWATCH_DEMO_LOOPBACK=1 forces loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Fleet, type HostRow, type RingRow } from '../test/helpers/fleet.ts';
import { canUseNamespaces } from '../test/helpers/netns.ts';
import { cmaQuery, missingJavaOrMaven, startDemoNeo4j, type DemoNeo4j } from './demo-neo4j.ts';

const N = 6;
/** Neo4j's Bolt address in namespace mode: this (root) namespace's end of a veth into the LAN bridge. */
const NEO4J_LAN_IP = '198.18.0.251';
const say = (line = ''): void => {
  console.log(line);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What the demo needs from a fleet, whether in namespaces or on loopback. */
interface DemoFleet {
  readonly where: string;
  /** Where Neo4j must listen so that the CMA reaches it. */
  readonly neo4jHost: string;
  startCma(storeArgs: readonly string[], env: Readonly<Record<string, string>>): ChildProcess;
  startProbe(i: number): void;
  kill(i: number): void;
  hosts(): Promise<HostRow[]>;
  rings(): Promise<RingRow[]>;
  destroy(): void;
}

function namespaceFleet(): DemoFleet {
  const f = new Fleet('dm', N);
  try {
    f.lan.attachRoot(NEO4J_LAN_IP, [f.cmaHost.ip]); // the CMA's namespace reaches Neo4j here through the bridge
  } catch (err) {
    f.destroy();
    throw err;
  }
  return {
    where: `network namespaces on a test LAN, 198.18.0.1-${N} and the CMA at ${f.cmaHost.ip}`,
    neo4jHost: NEO4J_LAN_IP,
    startCma: (storeArgs, env) => f.startCma(storeArgs, env),
    startProbe: (i) => f.startProbe(i),
    kill: (i) => f.probes.get(i)?.kill('SIGKILL'),
    hosts: () => f.hosts(),
    rings: () => f.rings(),
    destroy: () => {
      f.destroy();
    },
  };
}

function loopbackFleet(): DemoFleet {
  const dir = mkdtempSync(join(tmpdir(), 'rw-demo-'));
  const children = new Map<number, ChildProcess>();
  const api = 'http://127.0.0.1:19850';
  const run = (i: number, args: string[], env: Readonly<Record<string, string>> = {}): ChildProcess => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    child.stderr.resume();
    children.set(i, child);
    return child;
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${api}${path}`)).json()) as T;
  return {
    where: `loopback addresses 127.0.10.1-${N} (run as root for network namespaces)`,
    neo4jHost: '127.0.0.1',
    startCma: (storeArgs, env) =>
      run(0, ['dist/cma/cli.js', 'run', '--listen', '127.0.10.100:19840', '--api', '127.0.0.1:19850', '--state-dir', join(dir, 'cma'), ...storeArgs, '--log-level', 'warn'], env),
    startProbe: (i) => {
      run(i, ['dist/nanoprobe/cli.js', 'run', '--cma', '127.0.10.100:19840', '--listen', `127.0.10.${i}:19840`, '--state-dir', join(dir, `h${i}`), '--hostname', `h${i}`, '--log-level', 'warn']);
    },
    kill: (i) => children.get(i)?.kill('SIGKILL'),
    hosts: () => get<HostRow[]>('/hosts'),
    rings: () => get<RingRow[]>('/rings'),
    destroy: () => {
      for (const c of children.values()) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Set when the CMA exits on its own: every wait gives up at once with its last stderr line. */
let fatal: string | undefined;

async function until<T>(what: string, check: () => Promise<T | undefined>, maxMs: number): Promise<T> {
  const deadline = Date.now() + maxMs;
  let last = '';
  while (Date.now() < deadline) {
    if (fatal !== undefined) throw new Error(fatal);
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${maxMs} ms waiting for ${what}${last === '' ? '' : ` (last: ${last})`}`);
}

/** Watches the CMA: its last stderr line becomes the reason of the failure if it exits before the demo ends. */
function watchCma(cma: ChildProcess): void {
  let lastLine = '';
  if (cma.stderr !== null) createInterface({ input: cma.stderr }).on('line', (line) => (lastLine = line));
  cma.once('exit', (code, signal) => {
    fatal ??= `the CMA exited (${String(code ?? signal)}): ${lastLine}`;
  });
}

function printRings(rings: readonly RingRow[], names: Map<string, string>): void {
  for (const r of rings) say(`  ${r.ringId.padEnd(24)} ${r.members.map((m) => names.get(m) ?? m.slice(0, 6)).join(' → ')}${r.members.length > 1 ? ' → (back to the first)' : ''}`);
}

/** What cleanup must stop or remove; filled in as the demo goes. */
const made: { fleet?: DemoFleet; neo4j?: DemoNeo4j; neo4jStart?: Promise<DemoNeo4j>; neo4jPid?: number; neo4jDir?: string } = {};
let cleaning: Promise<void> | undefined;
/** Set by SIGINT/SIGTERM (exit 130/143): the demo's own failures after that (its processes stopping) are not reported. */
const run: { interrupted: boolean; exitCode?: number } = { interrupted: false };

/** Stops every process the demo started and removes its namespaces and temporary dirs; runs once. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    made.fleet?.destroy();
    if (made.neo4j === undefined && made.neo4jPid !== undefined) {
      try {
        process.kill(made.neo4jPid, 'SIGTERM'); // still starting: its start then rejects
      } catch {
        // already gone
      }
    }
    // A start (or Maven build) in flight must settle so that its own cleanup (build lock) runs.
    if (made.neo4jStart !== undefined) await Promise.race([made.neo4jStart.then(() => undefined, () => undefined), sleep(20_000)]);
    await made.neo4j?.stop();
    if (made.neo4jDir !== undefined) rmSync(made.neo4jDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    run.interrupted = true;
    run.exitCode = code;
    process.stderr.write(`demo: ${signal}: stopping Neo4j and the daemons, removing temporary files…\n`);
    void cleanup().finally(() => process.exit(code));
  });
}

/** Runs `cma query ARGS` and prints it as an operator would type it, with its output indented. */
function showQuery(args: readonly string[], env: Readonly<Record<string, string>>): void {
  const out = cmaQuery(args, env);
  say(`\n$ cma query ${args.join(' ')}`);
  for (const line of out.trimEnd().split('\n')) say(`  ${line}`);
}

async function demo(): Promise<void> {
  const fleet = (made.fleet = canUseNamespaces() && process.env.RINGWATCH_DEMO_LOOPBACK !== '1' ? namespaceFleet() : loopbackFleet());
  say(`ringwatch demo: real Neo4j, 1 CMA + ${N} nanoprobes, real processes, in ${fleet.where}`);
  say('starting the embedded Neo4j 5.26 (the first run builds it with Maven, progress on stderr) …');
  const n0 = Date.now();
  made.neo4jStart = startDemoNeo4j(fleet.neo4jHost, {
    onDataDir: (dir) => (made.neo4jDir = dir),
    onSpawn: (pid) => (made.neo4jPid = pid),
  });
  const neo4j = (made.neo4j = await made.neo4jStart);
  say(`embedded Neo4j ready at ${neo4j.uri} in ${((Date.now() - n0) / 1000).toFixed(1)} s (auth on, generated password; data in ${neo4j.dataDir}, pid ${neo4j.pid})`);

  watchCma(fleet.startCma(['--store', 'neo4j'], neo4j.env)); // the URI and password from RINGWATCH_NEO4J_URI/_PASSWORD
  await until('the CMA on Neo4j (schema created, API up)', async () => ((await fleet.hosts()).length >= 0 ? true : undefined), 60_000);
  say(`the CMA is up with --store neo4j (it created its constraints and indexes)`);
  const t0 = Date.now();
  for (let i = 1; i <= N; i++) fleet.startProbe(i);
  const hosts = await until(`${N} nanoprobes up`, async () => {
    const h = await fleet.hosts();
    return h.filter((x) => x.status === 'up').length === N ? h : undefined;
  }, 30_000);
  const names = new Map(hosts.map((h) => [h.hostId, h.hostname]));
  say(`\n${N} nanoprobes registered in ${Date.now() - t0} ms; the CMA built these rings (each host heartbeats its neighbours every second):`);
  const before = await fleet.rings();
  printRings(before, names);
  say('\nall is well, so the CMA hears nothing; waiting 3 s …');
  await sleep(3_000);
  const victim = hosts.find((h) => h.hostname === 'h3');
  if (victim === undefined) throw new Error('no h3');
  say(`\nkill -9 h3 (${victim.hostId.slice(0, 12)}) …`);
  const killedAt = Date.now();
  fleet.kill(3);
  const dead = await until('h3 declared dead', async () => (await fleet.hosts()).find((h) => h.hostId === victim.hostId && h.status === 'dead'), 15_000);
  let reason = dead.deadReason;
  for (const [id, name] of names) reason = reason.replaceAll(id, name);
  say(`h3 declared dead by the CMA ${Date.now() - killedAt} ms after the kill: ${reason}`);
  say('\nthe ring repaired around it:');
  printRings(await fleet.rings(), names);
  const rows = await fleet.hosts();
  say(`\nhosts: ${rows.filter((h) => h.status === 'up').length} up, ${rows.filter((h) => h.status === 'dead').length} dead — try it yourself: npm run neo4j, cma run, nanoprobe run --cma <cma-ip>:1984, cma hosts, cma query --list`);

  // The death reaches the API when the CMA decides; Neo4j has it once the group commit's transaction committed.
  await until('the death committed to Neo4j', () => {
    const down = JSON.parse(cmaQuery(['down', '--json'], neo4j.env)) as { hostId: string; status: string }[];
    return Promise.resolve(down.some((d) => d.hostId === victim.hostId && d.status === 'dead') ? true : undefined);
  }, 15_000);
  const local = before.find((r) => r.ringId !== 'top' && r.members.includes(victim.hostId))?.members ?? [];
  const successor = local[(local.indexOf(victim.hostId) + 1) % local.length] ?? victim.hostId;
  const neighbour = names.get(successor) ?? successor;
  say(`\nand the graph in Neo4j answers in Cypher (RINGWATCH_NEO4J_URI=${neo4j.uri}, RINGWATCH_NEO4J_PASSWORD set):`);
  showQuery(['rings'], neo4j.env);
  showQuery(['down'], neo4j.env);
  showQuery(['watchers-of', '--param', `host=${neighbour}`], neo4j.env);
}

let code = 0;
try {
  const missing = await missingJavaOrMaven();
  if (missing !== undefined) {
    console.error(`error: ${missing}`);
    code = 1;
  } else {
    await demo();
  }
} catch (err) {
  // A Ctrl-C from the terminal also hits our children (e.g. the `ip netns exec` of an API call), so the failure can
  // come before our own SIGINT handler ran: let a pending signal arrive first, and then stay quiet about it.
  await sleep(100);
  if (!run.interrupted) console.error(`error: demo: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(run.exitCode ?? code);

// Peer comparison (DESIGN §11): HashiCorp Serf (Debian's `serf` package, SWIM/memberlist with Lifeguard, its
// `lan` profile) against ringwatch on the same machine, in the same namespace layout as bench/detection.ts (one
// bridge, one namespace per host, 198.18.0.0/16), same N, same kill series and same 10 % loss soak, in one run (serf first).
//
// Serf has no central authority: its detection time is when the FIRST surviving agent logs `EventMemberFailed`
// for the killed node (the cluster knows), and we also give the time by which EVERY survivor knows. The log line is
// stamped when the bench reads it from the agent's stdout (Go's log writes unbuffered), so serf's event-handler
// coalescing does not count against it. Ours: the death recorded at the CMA (bench/detection.ts).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Fleet } from '../test/helpers/fleet.ts';
import { TestLan, type TestHost } from '../test/helpers/netns.ts';
import { allUp, killSeries, percentile, soak } from './detection.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface SerfBenchInit {
  readonly agents: number;
  readonly kills: number;
  /** 10 % loss soak length, each system. */
  readonly soakMs: number;
}

const DEFAULT: SerfBenchInit = { agents: 8, kills: 30, soakMs: 120_000 };
const SERF_PORT = 7946;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One `EventMemberFailed` / `EventMemberJoin` log line of an agent, stamped on arrival. */
interface SerfEvent {
  readonly atMs: number;
  readonly observer: string;
  readonly kind: 'failed' | 'join';
  readonly node: string;
}

/** Serf agents (one per namespace host), their member events as they are logged. */
class SerfCluster {
  readonly lan: TestLan;
  readonly agents = new Map<number, ChildProcess>();
  /** Every member event of the run; bounded by the run's length (a few per kill). */
  readonly events: SerfEvent[] = [];

  constructor(count: number) {
    this.lan = TestLan.create('sf', count);
  }

  host(i: number): TestHost {
    return this.lan.host(i);
  }

  start(i: number, joinVia: number | undefined): void {
    const host = this.host(i);
    // -retry-join, not -join: an agent whose first join attempt fails (its seed not listening yet) exits.
    const join = joinVia === undefined ? [] : [`-retry-join=${this.host(joinVia).ip}:${SERF_PORT}`, '-retry-interval=1s'];
    const child = this.lan.spawn(host, 'serf', ['agent', `-node=${host.name}`, `-bind=${host.ip}:${SERF_PORT}`, '-rpc-addr=127.0.0.1:7373', '-profile=lan', '-log-level=info', ...join]);
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const atMs = Date.now();
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /serf: EventMember(Failed|Join): (\S+)/.exec(line);
        if (m !== null) this.events.push({ atMs, observer: host.name, kind: m[1] === 'Failed' ? 'failed' : 'join', node: m[2] ?? '' });
      }
    });
    child.stderr?.resume();
    this.agents.set(i, child);
  }

  /** Alive members as agent i sees them (`serf members` over its RPC, inside its namespace). */
  alive(i: number): string[] {
    const r = spawnSync('ip', ['netns', 'exec', this.host(i).ns, 'serf', 'members', '-rpc-addr=127.0.0.1:7373', '-status=alive', '-format=json'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) return [];
    return (JSON.parse(r.stdout) as { members: { name: string }[] }).members.map((m) => m.name);
  }

  async until<T>(what: string, check: () => T | undefined, maxMs: number, pollMs = 50): Promise<T> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      const v = check();
      if (v !== undefined) return v;
      await sleep(pollMs);
    }
    throw new Error(`serf: timed out after ${maxMs} ms waiting for ${what}`);
  }

  async allAlive(n: number): Promise<void> {
    await this.until(`${n} alive members everywhere`, () => ([...this.agents.keys()].every((i) => this.alive(i).length === n) ? true : undefined), 120_000, 500);
  }

  destroy(): void {
    this.lan.destroy();
  }
}

interface SerfKills {
  readonly first: number[];
  readonly all: number[];
  readonly falseDeaths: number;
}

async function serfKills(cluster: SerfCluster, init: SerfBenchInit): Promise<SerfKills> {
  const first: number[] = [];
  const all: number[] = [];
  let falseDeaths = 0;
  for (let k = 0; k < init.kills; k++) {
    const i = 1 + (k % init.agents);
    const name = cluster.host(i).name;
    const killedAt = Date.now();
    cluster.agents.get(i)?.kill('SIGKILL');
    const failed = (): SerfEvent[] => cluster.events.filter((e) => e.kind === 'failed' && e.node === name && e.atMs >= killedAt);
    const firstSeen = await cluster.until(`${name} failed`, () => failed()[0], 120_000);
    const everyone = await cluster.until(`${name} failed everywhere`, () => {
      const seen = failed();
      return new Set(seen.map((e) => e.observer)).size >= init.agents - 1 ? seen.at(-1) : undefined;
    }, 60_000);
    first.push(firstSeen.atMs - killedAt);
    all.push(everyone.atMs - killedAt);
    cluster.start(i, 1 + (i % init.agents)); // rejoin through the next host
    await cluster.allAlive(init.agents);
    falseDeaths += new Set(cluster.events.filter((e) => e.kind === 'failed' && e.node !== name && e.atMs >= killedAt).map((e) => e.node)).size;
    await sleep(1_500);
    console.error(`bench serf: kill ${k + 1}/${init.kills}: first ${first.at(-1)} ms, all ${all.at(-1)} ms`);
  }
  return { first, all, falseDeaths };
}

/** Distinct failure episodes (a node declared failed; its copies on other agents within 30 s are the same one). */
function failureEpisodes(events: readonly SerfEvent[], sinceMs: number): number {
  const last = new Map<string, number>();
  let episodes = 0;
  for (const e of events) {
    if (e.kind !== 'failed' || e.atMs < sinceMs) continue;
    const prev = last.get(e.node);
    if (prev === undefined || e.atMs - prev > 30_000) episodes++;
    last.set(e.node, e.atMs);
  }
  return episodes;
}

async function serfSoak(cluster: SerfCluster, init: SerfBenchInit): Promise<number> {
  const since = Date.now();
  const hosts = [...cluster.agents.keys()].map((i) => cluster.host(i));
  for (const h of hosts) cluster.lan.setLoss(h, 10);
  try {
    await sleep(init.soakMs);
  } finally {
    for (const h of hosts) cluster.lan.heal(h);
  }
  await sleep(2_000);
  return failureEpisodes(cluster.events, since);
}

const load = (): number[] => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

export async function runSerfBench(init: SerfBenchInit = DEFAULT): Promise<BenchResult> {
  const version = spawnSync('serf', ['version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? 'serf ?';
  // Serf first: N agents, joined through h1.
  const cluster = new SerfCluster(init.agents);
  let theirs: SerfKills;
  let theirLossDeaths: number;
  const loadTheirs: number[][] = [];
  try {
    cluster.start(1, undefined);
    await cluster.until('the seed agent', () => (cluster.alive(1).length === 1 ? true : undefined), 30_000, 200);
    for (let i = 2; i <= init.agents; i++) cluster.start(i, 1);
    await cluster.allAlive(init.agents);
    await sleep(3_000);
    loadTheirs.push(load());
    theirs = await serfKills(cluster, init);
    theirLossDeaths = await serfSoak(cluster, init);
    loadTheirs.push(load());
  } finally {
    cluster.destroy();
  }
  // Then ringwatch: N nanoprobes + CMA, lan timing.
  const fleet = new Fleet('sr', init.agents);
  let ours: { latencies: number[]; falseDeaths: number };
  let ourLossDeaths: number;
  const loadOurs: number[][] = [];
  try {
    fleet.startCma();
    await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined));
    for (let i = 1; i <= init.agents; i++) fleet.startProbe(i);
    await allUp(fleet, init.agents);
    await sleep(3_000);
    loadOurs.push(load());
    ours = await killSeries(fleet, { nanoprobes: init.agents, kills: init.kills });
    await allUp(fleet, init.agents);
    ourLossDeaths = (await soak(fleet, { nanoprobes: init.agents, soakMs: init.soakMs }, 10)).value;
    loadOurs.push(load());
  } finally {
    fleet.destroy();
  }
  const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
  const [o, f, a] = [sorted(ours.latencies), sorted(theirs.first), sorted(theirs.all)];
  const ratio = (x: number, y: number): number => Number((x / y).toFixed(2));
  const figures: BenchFigure[] = [
    { name: `ringwatch kill -9 → dead at CMA p50 (${init.kills} kills, ${init.agents} hosts, lan)`, value: percentile(o, 50), unit: 'ms', extra: { all: ours.latencies, loadAverage: loadOurs } },
    { name: 'ringwatch kill -9 → dead at CMA p99', value: percentile(o, 99), unit: 'ms' },
    { name: `serf kill -9 → first agent's EventMemberFailed p50 (${init.kills} kills, ${init.agents} agents, -profile=lan)`, value: percentile(f, 50), unit: 'ms', extra: { all: theirs.first, loadAverage: loadTheirs } },
    { name: "serf kill -9 → first agent's EventMemberFailed p99", value: percentile(f, 99), unit: 'ms' },
    { name: 'serf kill -9 → every agent has EventMemberFailed p50', value: percentile(a, 50), unit: 'ms', extra: { all: theirs.all } },
    { name: 'serf kill -9 → every agent has EventMemberFailed p99', value: percentile(a, 99), unit: 'ms' },
    { name: 'detection latency ratio serf first / ringwatch, p50', value: ratio(percentile(f, 50), percentile(o, 50)), unit: '×' },
    { name: 'detection latency ratio serf first / ringwatch, p99', value: ratio(percentile(f, 99), percentile(o, 99)), unit: '×' },
    { name: 'ringwatch false deaths during the kill series', value: ours.falseDeaths, unit: 'deaths', target: { op: '<=', value: 0 } },
    { name: 'serf false deaths during the kill series', value: theirs.falseDeaths, unit: 'deaths' },
    { name: `ringwatch false deaths at 10 % UDP loss (${init.soakMs / 1000} s × ${init.agents} hosts)`, value: ourLossDeaths, unit: 'deaths', target: { op: '<=', value: 0 } },
    { name: `serf false deaths at 10 % UDP loss (${init.soakMs / 1000} s × ${init.agents} agents)`, value: theirLossDeaths, unit: 'failure episodes' },
  ];
  return {
    benchmark: 'serf',
    figures,
    notes:
      `${version}, Debian package, agent defaults with -profile=lan (memberlist: probe 1 s, timeout 500 ms, suspicion mult 4, Lifeguard), ` +
      `vs ringwatch (lan 1/2/3 s, death confirmed at the CMA). Same machine, same run, one after the other: ${init.agents} hosts in network namespaces on one bridge, ` +
      `kill -9 round robin with restart after detection, then 10 % random UDP loss (nftables, every host's input) for ${init.soakMs / 1000} s. ` +
      `Serf detection = first survivor's 'EventMemberFailed' log line (read from its stdout), also when all survivors have it; ours = host-dead event time at the CMA. ` +
      'Shared 2-core machine: load averages in the p50 figures\' extra (start and end of each half).',
  };
}

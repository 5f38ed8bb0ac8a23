// Failure detection with real processes (issue: rings end to end; DESIGN §11): 8 nanoprobes + 1 CMA in network
// namespaces, `lan` timing. kill -9 → dead-at-CMA latency (from the CMA's event log, so polling adds nothing),
// false deaths under 10 % and 20 % UDP loss, and the nanoprobe's RSS, CPU and datagram rate when healthy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Fleet } from '../test/helpers/fleet.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface DetectionBenchInit {
  readonly nanoprobes: number;
  readonly kills: number;
  /** Soak length per loss rate. */
  readonly soakMs: number;
  /** Healthy window for RSS / CPU / datagram rate. */
  readonly healthyMs: number;
}

const DEFAULT: DetectionBenchInit = { nanoprobes: 8, kills: 50, soakMs: 180_000, healthyMs: 30_000 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

function datagramsSent(fleet: Fleet, i: number): number {
  const r = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'status', '--json', '--state-dir', join(fleet.dir, `h${i}`)], { encoding: 'utf8', timeout: 10_000 });
  return (JSON.parse(r.stdout) as { transport: { sent: number } }).transport.sent;
}

export async function allUp(fleet: Fleet, n: number): Promise<void> {
  await fleet.until(`${n} hosts up`, async () => ((await fleet.hosts()).filter((h) => h.status === 'up').length === n ? true : undefined), 30_000);
}

async function healthy(fleet: Fleet, init: DetectionBenchInit): Promise<BenchFigure[]> {
  const pids = [...fleet.probes.values()].map((c) => c.pid ?? 0);
  const ticks0 = pids.map(cpuTicks);
  const sent0 = fleet.probeHosts.map((_, i) => datagramsSent(fleet, i + 1));
  const cmaBefore = await fleet.datagramsAtCma();
  await sleep(init.healthyMs);
  const seconds = init.healthyMs / 1000;
  const cpu = pids.map((pid, i) => (100 * (cpuTicks(pid) - (ticks0[i] ?? 0))) / CLK_TCK / seconds);
  const sent = fleet.probeHosts.map((_, i) => (datagramsSent(fleet, i + 1) - (sent0[i] ?? 0)) / seconds);
  const cmaRate = (await fleet.datagramsAtCma()) - cmaBefore;
  return [
    { name: 'nanoprobe RSS when healthy (max)', value: Math.round(Math.max(...pids.map(rssBytes)) / 2 ** 20), unit: 'MiB', target: { op: '<=', value: 50 } },
    { name: 'nanoprobe CPU when healthy (mean)', value: Number((cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(3)), unit: '% of a core', target: { op: '<=', value: 0.2 }, extra: { perProcess: cpu } },
    { name: 'nanoprobe datagrams sent when healthy (max)', value: Number(Math.max(...sent).toFixed(2)), unit: 'datagrams/s', target: { op: '<=', value: 4 } },
    { name: `CMA datagrams received in ${seconds} s of healthy fleet`, value: cmaRate, unit: 'datagrams', target: { op: '<=', value: 0 } },
  ];
}

/** kill -9 of nanoprobe after nanoprobe (round robin), each restarted once detected: latencies and other deaths. */
export async function killSeries(fleet: Fleet, init: Pick<DetectionBenchInit, 'nanoprobes' | 'kills'>): Promise<{ latencies: number[]; falseDeaths: number }> {
  const latencies: number[] = [];
  let falseDeaths = 0;
  for (let k = 0; k < init.kills; k++) {
    const i = 1 + (k % init.nanoprobes);
    const name = `h${i}`;
    const id = (await fleet.hosts()).find((h) => h.hostname === name)?.hostId ?? '';
    const killedAt = Date.now();
    fleet.probes.get(i)?.kill('SIGKILL');
    const death = await fleet.until(`${name} dead`, async () => (await fleet.events(killedAt)).find((e) => e.type === 'host-dead' && e.hostId === id), 20_000);
    latencies.push(death.wallMs - killedAt);
    falseDeaths += (await fleet.deathsSince(killedAt)).filter((d) => d !== id).length;
    fleet.startProbe(i);
    await allUp(fleet, init.nanoprobes);
    await sleep(1_500); // let the rejoin settle before the next kill
    console.error(`bench detection: kill ${k + 1}/${init.kills}: ${latencies.at(-1)} ms`);
  }
  return { latencies, falseDeaths };
}

async function kills(fleet: Fleet, init: DetectionBenchInit): Promise<BenchFigure[]> {
  const { latencies, falseDeaths } = await killSeries(fleet, init);
  const sorted = [...latencies].sort((a, b) => a - b);
  return [
    { name: `kill -9 → dead at CMA p50 (${init.kills} kills, lan)`, value: percentile(sorted, 50), unit: 'ms', target: { op: '<=', value: 3_500 } },
    { name: `kill -9 → dead at CMA p99 (${init.kills} kills, lan)`, value: percentile(sorted, 99), unit: 'ms', target: { op: '<=', value: 5_000 } },
    { name: 'kill -9 → dead at CMA max', value: sorted.at(-1) ?? Number.NaN, unit: 'ms', extra: { all: latencies } },
    { name: 'false deaths during the kill series', value: falseDeaths, unit: 'deaths', target: { op: '<=', value: 0 } },
  ];
}

export async function soak(fleet: Fleet, init: Pick<DetectionBenchInit, 'nanoprobes' | 'soakMs'>, percent: number): Promise<BenchFigure> {
  const since = Date.now();
  const hosts = [...fleet.probeHosts, fleet.cmaHost];
  for (const h of hosts) fleet.lan.setLoss(h, percent);
  try {
    await sleep(init.soakMs);
  } finally {
    for (const h of hosts) fleet.lan.heal(h);
  }
  const deaths = (await fleet.deathsSince(since)).length;
  const hostHours = (init.nanoprobes * init.soakMs) / 3_600_000;
  return {
    name: `false deaths at ${percent} % UDP loss (${(init.soakMs / 1000).toFixed(0)} s × ${init.nanoprobes} hosts)`,
    value: deaths,
    unit: 'deaths',
    target: { op: '<=', value: percent <= 10 ? 0 : Math.max(0, Math.floor(hostHours / 1000)) },
    extra: { hostHours, perThousandHostHours: hostHours === 0 ? 0 : (deaths / hostHours) * 1000 },
  };
}

export async function runDetectionBench(init: DetectionBenchInit = DEFAULT): Promise<BenchResult> {
  const fleet = new Fleet('bd', init.nanoprobes);
  try {
    fleet.startCma();
    await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined));
    for (let i = 1; i <= init.nanoprobes; i++) fleet.startProbe(i);
    await allUp(fleet, init.nanoprobes);
    await sleep(3_000);
    const figures = [...(await healthy(fleet, init)), ...(await kills(fleet, init))];
    await allUp(fleet, init.nanoprobes);
    figures.push(await soak(fleet, init, 10), await soak(fleet, init, 20));
    return { benchmark: 'detection', figures, notes: `${init.nanoprobes} real nanoprobes + CMA in network namespaces on one bridge, lan timing (1/2/3 s), loss by nftables on every host's input` };
  } finally {
    fleet.destroy();
  }
}

// nanoprobe footprint when healthy (issue: rings end to end; DESIGN §11): a ring of real nanoprobe processes and a
// CMA in network namespaces, `lan` timing, log level info (the default). After the ring has settled, each
// nanoprobe's RSS (VmRSS, split into anonymous and file-backed pages, and PSS, where the node binary's shared
// pages are divided among the processes mapping them), CPU (utime + stime over the wall window, from /proc) and
// datagrams sent and received per second (from `nanoprobe status`) are measured over the window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Fleet } from '../test/helpers/fleet.ts';
import { BUNDLE_FILE, bundleNanoprobe, nanoprobeNodeArgs } from '../scripts/nanoprobe-bundle.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface FootprintBenchInit {
  readonly nanoprobes: number;
  /** Measured window once the ring has settled. */
  readonly windowMs: number;
  /** Settling time after every host is up (registration traffic, the first discovery runs). */
  readonly settleMs: number;
  /**
   * Node options of each measured variant, by label: the nanoprobe as shipped (the package's single-file bundle with
   * the wrapper's node options) is the one the targets apply to; the unbundled bin and `plain node` compare.
   */
  readonly variants: Readonly<Record<string, FootprintVariant>>;
}

/** How the nanoprobes of one variant are started: node options and the program (default: dist/nanoprobe/cli.js). */
export interface FootprintVariant {
  readonly nodeArgs: readonly string[];
  readonly script?: string;
  /** Extra `cma run` options, e.g. `--discovery none` to measure heartbeating alone. */
  readonly cmaArgs?: readonly string[];
}

export const SHIPPED = 'shipped (packaged bundle)';
/** As the .deb runs it: /usr/bin/nanoprobe execs node with these options on the bundle (scripts/nanoprobe-bundle.ts). */
export const SHIPPED_VARIANT: FootprintVariant = { nodeArgs: nanoprobeNodeArgs(), script: BUNDLE_FILE };
const DEFAULT: FootprintBenchInit = { nanoprobes: 8, windowMs: 60_000, settleMs: 75_000, variants: { [SHIPPED]: SHIPPED_VARIANT, 'plain node': { nodeArgs: [] } } };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100;

function cpuTicks(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

/** kB fields of /proc/PID/status and smaps_rollup, in MiB. */
function memory(pid: number): { rss: number; anon: number; file: number; pss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (text: string, key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) / 1024;
  return { rss: kb(status, 'VmRSS'), anon: kb(status, 'RssAnon'), file: kb(status, 'RssFile'), pss: kb(rollup, 'Pss') };
}

interface ProbeStatus {
  readonly transport: { readonly sent: number };
  readonly daemon: { readonly datagramsReceived: number };
}

function probeStatus(fleet: Fleet, i: number): ProbeStatus {
  const r = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'status', '--json', '--state-dir', join(fleet.dir, `h${i}`)], { encoding: 'utf8', timeout: 10_000 });
  return JSON.parse(r.stdout) as ProbeStatus;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function measure(init: FootprintBenchInit, label: string, variant: FootprintVariant): Promise<BenchFigure[]> {
  const { nodeArgs } = variant;
  const fleet = new Fleet('fp', init.nanoprobes);
  fleet.probeNodeArgs = nodeArgs;
  if (variant.script !== undefined) fleet.probeScript = variant.script;
  if (variant.cmaArgs !== undefined) fleet.cmaArgs = variant.cmaArgs;
  fleet.logLevel = 'info';
  try {
    fleet.startCma();
    await fleet.until('the CMA API', async () => ((await fleet.hosts()).length === 0 ? true : undefined));
    for (let i = 1; i <= init.nanoprobes; i++) fleet.startProbe(i);
    await fleet.until(`${init.nanoprobes} hosts up`, async () => ((await fleet.hosts()).filter((h) => h.status === 'up').length === init.nanoprobes ? true : undefined), 30_000);
    await sleep(init.settleMs);
    const pids = [...fleet.probes.values()].map((c) => c.pid ?? 0);
    const indexes = [...fleet.probes.keys()];
    const ticks0 = pids.map(cpuTicks);
    const status0 = indexes.map((i) => probeStatus(fleet, i));
    const cma0 = await fleet.datagramsAtCma();
    const t0 = Date.now();
    await sleep(init.windowMs);
    const seconds = (Date.now() - t0) / 1000;
    const ticks1 = pids.map(cpuTicks);
    const pct = (ticks: number): number => (100 * ticks) / CLK_TCK / seconds;
    const user = ticks1.map((t, k) => pct(t.user - (ticks0[k]?.user ?? 0)));
    const system = ticks1.map((t, k) => pct(t.system - (ticks0[k]?.system ?? 0)));
    const cpu = user.map((u, k) => u + (system[k] ?? 0));
    const status1 = indexes.map((i) => probeStatus(fleet, i));
    const sent = status1.map((s, k) => (s.transport.sent - (status0[k]?.transport.sent ?? 0)) / seconds);
    const received = status1.map((s, k) => (s.daemon.datagramsReceived - (status0[k]?.daemon.datagramsReceived ?? 0)) / seconds);
    const cmaDatagrams = (await fleet.datagramsAtCma()) - cma0;
    const mem = pids.map(memory);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    const shipped = label === SHIPPED;
    const target = (op: '<=', value: number): { target?: { op: '<='; value: number } } => (shipped ? { target: { op, value } } : {});
    const name = (what: string): string => `${what} [${label}]`;
    return [
      { name: name('nanoprobe RSS when healthy (max VmRSS)'), value: round(Math.max(...mem.map((m) => m.rss)), 1), unit: 'MiB', ...target('<=', 50), extra: { perProcess: mem.map((m) => round(m.rss, 1)), nodeArgs, script: variant.script ?? 'dist/nanoprobe/cli.js' } },
      { name: name('nanoprobe anonymous RSS (max RssAnon)'), value: round(Math.max(...mem.map((m) => m.anon)), 1), unit: 'MiB' },
      { name: name('nanoprobe file-backed RSS (max RssFile: the node binary, shared)'), value: round(Math.max(...mem.map((m) => m.file)), 1), unit: 'MiB' },
      { name: name('nanoprobe PSS (max)'), value: round(Math.max(...mem.map((m) => m.pss)), 1), unit: 'MiB' },
      { name: name('nanoprobe CPU when healthy (mean)'), value: round(mean(cpu), 3), unit: '% of a core', ...target('<=', 0.2), extra: { perProcess: cpu.map((c) => round(c, 3)), userMean: round(mean(user), 3), systemMean: round(mean(system), 3), loadAverage: load } },
      { name: name('nanoprobe CPU when healthy (max)'), value: round(Math.max(...cpu), 3), unit: '% of a core' },
      { name: name('nanoprobe datagrams sent (max)'), value: round(Math.max(...sent)), unit: 'datagrams/s', ...target('<=', 4), extra: { perProcess: sent.map((x) => round(x)) } },
      { name: name('nanoprobe datagrams received (max)'), value: round(Math.max(...received)), unit: 'datagrams/s', extra: { perProcess: received.map((x) => round(x)) } },
      { name: name(`CMA datagrams received in the ${round(seconds, 0)} s window`), value: cmaDatagrams, unit: 'datagrams', ...target('<=', 0) },
    ];
  } finally {
    fleet.destroy();
  }
}

export async function runFootprintBench(init: FootprintBenchInit = DEFAULT): Promise<BenchResult> {
  // The bundle measured is the one `npm run package` ships, built from the current sources.
  if (Object.values(init.variants).some((v) => v.script === BUNDLE_FILE)) await bundleNanoprobe(BUNDLE_FILE);
  const figures: BenchFigure[] = [];
  for (const [label, args] of Object.entries(init.variants)) figures.push(...(await measure(init, label, args)));
  return {
    benchmark: 'footprint',
    figures,
    notes:
      `${init.nanoprobes} real nanoprobe processes + CMA in network namespaces on one bridge (one local ring + top ring), lan timing, log level info, the CMA's default discovery plan (netstat/arp 60 s, lldp 30 s, inventory 1 h; every nanoprobe sees all processes of this shared machine); ` +
      `per variant a fresh fleet, settled ${init.settleMs / 1000} s after all were up, then measured over ${init.windowMs / 1000} s: CPU = (utime+stime)/wall from /proc/PID/stat, ` +
      `memory from /proc/PID/status and smaps_rollup at the end of the window, datagrams from 'nanoprobe status'. ` +
      `Variants: ${Object.entries(init.variants).map(([l, v]) => `${l} = node ${[...v.nodeArgs, v.script ?? 'dist/nanoprobe/cli.js'].join(' ')}${v.cmaArgs === undefined ? '' : ` (cma run ${v.cmaArgs.join(' ')})`}`).join('; ')}. Shared 2-core machine: load average in the CPU figure's extra.`,
  };
}

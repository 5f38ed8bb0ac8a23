// One nanoprobe-like process for bench/discovery-collect.ts: loads only the nanoprobe's discovery code, runs
// `cycles` collections of one kind — each followed by what the core does with a result: index it and diff it
// against the previous one (protocol/discovery-diff.ts) — and prints {wallMs, cpuMs, peakRssMb, baselineRssMb,
// payloadBytes} as JSON, so the RSS figure is what a nanoprobe doing discovery holds, not what the benchmark
// driver holds. Like the nanoprobe it keeps the index of the last result, not its payload (the daemon hands a
// payload to the channel, which keeps it only compressed).
// Usage: node dist/bench/discovery-collect-child.js KIND CYCLES [PROC_ROOT]
import { DEFAULT_HOST_COLLECTORS, HostCollectors } from '../nanoprobe/discovery/host-collectors.ts';
import { writeCanonicalJson } from '../protocol/content-hash.ts';
import { indexAndDiff, type PayloadIndex } from '../protocol/discovery-diff.ts';
import { ManualScheduler } from '../runtime/index.ts';

const [kind = 'netstat', cyclesText = '10', procRoot] = process.argv.slice(2);
const cycles = Number(cyclesText);
const hc = new HostCollectors({ ...DEFAULT_HOST_COLLECTORS, ...(procRoot === undefined ? {} : { procRoot }) }, { scheduler: new ManualScheduler() });
const task = { kind, intervalMs: 60_000, timeoutMs: 60_000, args: [] };
const baseline = process.memoryUsage().rss;
/** The first run: the index to diff against, and the payload's size (canonical JSON characters, counted streaming). */
async function firstRun(): Promise<{ index: PayloadIndex | undefined; payloadBytes: number }> {
  const first = await hc.run(task, new AbortController().signal);
  if (!first.ok) throw new Error(`${kind}: ${first.reason}`);
  let payloadBytes = 0;
  writeCanonicalJson(first.payload, (piece) => {
    payloadBytes += piece.length;
  });
  return { index: indexAndDiff(kind, first.payload, first.hash, undefined).index, payloadBytes };
}
const { index, payloadBytes } = await firstRun();
let acked = index;
const walls: number[] = [];
const cpus: number[] = [];
let peak = Math.max(baseline, process.memoryUsage().rss);
for (let i = 0; i < cycles; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await hc.run(task, new AbortController().signal);
  if (r.ok) acked = indexAndDiff(kind, r.payload, r.hash, acked).index;
  walls.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1000);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!r.ok) throw new Error(`${kind}: ${r.reason}`);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(JSON.stringify({ wallMs: median(walls), cpuMs: median(cpus), peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20, payloadBytes }));
hc.stop();

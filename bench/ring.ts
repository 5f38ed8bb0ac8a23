// Ring planner benchmark at production scale (STYLE practice 22): planJoin of 100k hosts into 1,000 switch rings,
// then 10k leaves and 10k moves, timed with a plain hrtime loop. Run: npm run bench -- ring
import type { BenchFigure } from './report.ts';
import { RingSet, checkRingInvariants, planJoin, planLeave, planMove, type Placement } from '../cma/ring/index.ts';


/** Scale of the run; the defaults are the benchmark's names. */
export interface RingBenchInit {
  readonly hosts: number;
  readonly switches: number;
  readonly leaves: number;
  readonly moves: number;
}

const DEFAULT_INIT: RingBenchInit = { hosts: 100_000, switches: 1_000, leaves: 10_000, moves: 10_000 };

/** A prime coprime to the host counts used (not 2 or 5), so k ↦ k·p mod hosts is a permutation. */
const PERMUTATION_PRIME = 48_271;

const hostId = (i: number): string => i.toString(16).padStart(32, '0');
const switchOf = (s: number): Placement => `switch:02:00:00:00:${(s >> 8).toString(16).padStart(2, '0')}:${(s & 255).toString(16).padStart(2, '0')}`;

function timeMs(fn: () => number): { ms: number; commands: number } {
  const t0 = process.hrtime.bigint();
  const commands = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, commands };
}

/** Runs the benchmark and returns its figures (ops/s, commands per op, heap). */
export function runRingBench(init: RingBenchInit = DEFAULT_INIT): BenchFigure[] {
  const { hosts, switches, leaves, moves } = init;
  const rings = new RingSet();
  const heapBefore = process.memoryUsage().heapUsed;
  const join = timeMs(() => {
    let n = 0;
    for (let i = 0; i < hosts; i++) n += planJoin(rings, { id: hostId(i), placement: switchOf(i % switches) }).commands.length;
    return n;
  });
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  // Hosts to leave, then to move, in a scattered order (a permutation of 0..hosts-1): about 2 % are
  // representatives, as in a real fleet, rather than whole rings emptied one after another.
  const pick = (k: number): string => hostId((k * PERMUTATION_PRIME) % hosts);
  const leave = timeMs(() => {
    let n = 0;
    for (let k = 0; k < leaves; k++) n += planLeave(rings, pick(k), 'dead').commands.length;
    return n;
  });
  const move = timeMs(() => {
    let n = 0;
    for (let k = leaves; k < leaves + moves; k++) n += planMove(rings, pick(k), switchOf((k * 7 + 3) % switches)).commands.length;
    return n;
  });
  const problems = checkRingInvariants(rings);
  if (problems.length > 0) throw new Error(`ring invariants broken after the benchmark: ${problems.slice(0, 5).join('; ')}`);
  const k = (n: number): string => `${n / 1000}k`;
  return [
    { name: `planJoin ${k(hosts)} hosts into ${switches} switch rings`, value: Math.round(hosts / (Math.max(join.ms, 1e-3) / 1000)), unit: 'ops/s' },
    { name: `planJoin ${k(hosts)} commands per join`, value: join.commands / Math.max(1, hosts), unit: 'commands' },
    { name: `planLeave ${k(leaves)} of ${k(hosts)}`, value: Math.round(leaves / (Math.max(leave.ms, 1e-3) / 1000)), unit: 'ops/s' },
    { name: `planLeave ${k(leaves)} commands per leave`, value: leave.commands / Math.max(1, leaves), unit: 'commands' },
    { name: `planMove ${k(moves)} between switch rings`, value: Math.round(moves / (Math.max(move.ms, 1e-3) / 1000)), unit: 'ops/s' },
    { name: `planMove ${k(moves)} commands per move`, value: move.commands / Math.max(1, moves), unit: 'commands' },
    { name: `heap for ${k(hosts)} hosts in rings`, value: Math.round(heapMb * 10) / 10, unit: 'MiB' },
  ];
}

// Shared output for benchmarks: one JSON file per benchmark under bench/results/, with the machine it ran on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface BenchFigure {
  /** What was measured, with its scale in the name (e.g. "seal heartbeat 48B"). */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target from DESIGN §11 / the issue, when there is one. */
  readonly target?: { readonly op: '>=' | '<='; readonly value: number };
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface BenchResult {
  readonly benchmark: string;
  readonly figures: readonly BenchFigure[];
  readonly notes?: string;
}

/** Whether a figure meets its target (true when it has none). */
export function meetsTarget(f: BenchFigure): boolean {
  if (f.target === undefined) return true;
  return f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

/** Writes bench/results/<benchmark>.json and prints a human summary on stdout. */
export function writeResult(result: BenchResult, dir = 'bench/results'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.benchmark}.json`);
  const cpu = cpus()[0];
  const doc = {
    ...result,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpu?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version },
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`\n${result.benchmark} → ${file}`);
  for (const f of result.figures) {
    const target = f.target === undefined ? '' : `  (target ${f.target.op} ${f.target.value}: ${meetsTarget(f) ? 'met' : 'MISSED'})`;
    console.log(`  ${f.name.padEnd(48)} ${formatNumber(f.value).padStart(14)} ${f.unit}${target}`);
  }
  return file;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Runs `fn` repeatedly for about `durationMs` (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: () => void, durationMs = 1_000, batch = 1_000): number {
  const warmUntil = performance.now() + Math.min(200, durationMs / 4);
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    now = performance.now();
  }
  return Math.round((ops * 1000) / (now - start));
}

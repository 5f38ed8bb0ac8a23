import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { CliError } from '../../runtime/index.ts';
import { SimError } from '../errors.ts';
import { formatReport, reportJson } from '../report/report.ts';
import { reportSvg } from '../report/svg.ts';
import { runScenario } from '../run-scenario.ts';
import { loadScenario } from '../scenario/catalogue.ts';
import type { Scenario } from '../scenario/types.ts';
import type { SimProgress } from '../engine/engine.ts';

interface RunOptions {
  readonly seed?: number;
  readonly hosts?: number;
  readonly json: boolean;
  readonly out?: string;
  readonly progress: boolean;
}

function positiveInt(flag: string, max: number): (v: string) => number {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new CliError('CLI_USAGE', `${flag} must be an integer in [0, ${max}], got ${JSON.stringify(v)}`);
    return n;
  };
}

function progressLine(p: SimProgress): string {
  const pct = ((100 * p.nowMs) / p.durationMs).toFixed(1);
  const rate = Math.round(p.events / Math.max(p.wallMs / 1000, 1e-9)).toLocaleString('en-US');
  return `ringsim: ${pct}% virtual ${(p.nowMs / 1000).toFixed(1)}/${(p.durationMs / 1000).toFixed(0)} s, ${p.events.toLocaleString('en-US')} events (${rate}/s), wall ${(p.wallMs / 1000).toFixed(0)} s, heap ${(p.heapBytes / 2 ** 20).toFixed(0)} MiB, ${p.hostsRunning.toLocaleString('en-US')} hosts running`;
}

/** `ringsim run SCENARIO`: one virtual-time run, its report, plot and expectations. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a scenario in virtual time (a file, or a built-in name: see `ringsim scenarios`); exit 1 when an expectation fails')
    .argument('<scenario>', 'scenario file (JSON) or built-in scenario name')
    .addOption(new Option('--seed <n>', 'seed (default: the scenario\'s)').argParser(positiveInt('--seed', 0xffff_ffff)))
    .addOption(new Option('--hosts <n>', 'number of hosts (default: the scenario\'s world.hosts)').argParser(positiveInt('--hosts', 4_000_000)))
    .option('--json', 'print the report as JSON on stdout', false)
    .option('--out <dir>', 'also write report.json and plot.svg into this directory')
    .option('--no-progress', 'no progress line on stderr')
    .action(async (name: string, opts: RunOptions) => {
      let scenario: Scenario;
      try {
        scenario = loadScenario(name, { ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.hosts === undefined ? {} : { hosts: opts.hosts }) });
      } catch (err) {
        if (err instanceof SimError) throw new CliError('CLI_USAGE', err.message, { cause: err });
        throw err;
      }
      const report = await runScenario(scenario, opts.progress ? { onProgress: (p) => process.stderr.write(`${progressLine(p)}\n`) } : {});
      if (opts.out !== undefined) {
        mkdirSync(opts.out, { recursive: true });
        writeFileSync(join(opts.out, 'report.json'), `${reportJson(report)}\n`);
        writeFileSync(join(opts.out, 'plot.svg'), reportSvg(report));
      }
      console.log(opts.json ? reportJson(report) : formatReport(report));
      if (!report.passed) {
        const failed = report.expectations.filter((e) => !e.ok).map((e) => e.name);
        throw new CliError('CLI_FAILED', `scenario ${scenario.name}: expectations not met: ${failed.join('; ') || 'store error'}`);
      }
    });
}

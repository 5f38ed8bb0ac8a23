import { Option, type Command } from 'commander';
import { CliError, parseAddress, parseDurationMs, type Address } from '../../runtime/index.ts';
import { SimError } from '../errors.ts';
import { checkLiveExpectations } from '../live/live-expect.ts';
import { checkLiveFaults } from '../live/live-faults.ts';
import { runLive, type LiveReport } from '../live/run-live.ts';
import { loadScenario } from '../scenario/catalogue.ts';
import type { Scenario } from '../scenario/types.ts';

interface LiveCliOptions {
  readonly hosts: number;
  readonly cma: string;
  readonly api: string;
  readonly seed: number;
  readonly startOver?: string;
  readonly healthy: string;
  readonly settle: string;
  readonly quietMax?: string;
  readonly kill: number;
  readonly deadWait: string;
  readonly shardHosts: number;
  readonly scenario?: string;
  readonly json: boolean;
  readonly progress: boolean;
}

function intIn(flag: string, min: number, max: number): (v: string) => number {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError('CLI_USAGE', `${flag} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
    return n;
  };
}

function duration(flag: string, text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new CliError('CLI_USAGE', `${flag}: "${text}" is not a duration (e.g. 20s)`);
  return ms;
}

/** Loopback only: live mode never sends a datagram off the machine. */
function loopback(flag: string, text: string): Address {
  const a = parseAddress(text, flag, '127.0.0.1');
  if (!/^127\.\d+\.\d+\.\d+$/.test(a.host)) throw new CliError('CLI_USAGE', `${flag}: live mode talks to a CMA on 127.0.0.0/8 only, got ${a.host}`);
  return a;
}

export function formatLiveReport(r: LiveReport): string {
  const s = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
  return [
    `live: ${r.hosts.toLocaleString('en-US')} virtual hosts in ${r.shards} shard process(es), seed ${r.seed}, started over ${s(r.startOverMs)}`,
    `${r.quietAfterMs === undefined ? '' : `quiet CMA ${s(r.quietAfterMs)} after the settle time; `}cold start: 99 % up at the CMA after ${s(r.up99Ms)}, all up after ${s(r.allUpMs)}, all in rings after ${s(r.allInRingsMs)} (peak ${r.peakJoinsPerSec} joins/s)`,
    `healthy ${s(r.healthy.windowMs)}: ${r.healthy.cmaMessages} messages at the CMA = ${r.healthy.cmaMsgsPerSecPer1000.toFixed(3)}/s per 1,000 hosts (datagrams ${r.healthy.cmaDatagramsPerSecPer1000.toFixed(3)}/s per 1,000); ${r.healthy.simDatagramsPerSecPerHost.toFixed(2)} datagrams/s sent per host`,
    ...(r.faults === undefined
      ? [`kill -9 of ${r.kills.victims}: ${r.kills.detected} declared dead; kill→dead p50 ${s(r.kills.p50Ms)}, p99 ${s(r.kills.p99Ms)}, max ${s(r.kills.maxMs)}; false deaths ${r.falseDeaths} (${r.falseDeathsAfterSettle} after the settle time)`]
      : []),
    `cpu (cores): ${Object.entries(r.cpu).map(([phase, c]) => `${phase} ${Object.entries(c.cores).map(([k, v]) => `${k} ${v}`).join(' ')}`).join('; ')}`,
    ...(r.faults === undefined
      ? []
      : [
          `faults over ${s(r.faults.phaseMs)}: ${r.faults.downEpisodes} hosts put down, ${r.kills.latenciesMs.length} declared dead (p50 ${s(r.kills.p50Ms)}, p99 ${s(r.kills.p99Ms)}, max ${s(r.kills.maxMs)}), ${r.faults.missed} missed; false deaths ${r.faults.falseDeaths}${r.faults.falseDeathExamples.length > 0 ? ` (${r.faults.falseDeathExamples.join(', ')})` : ''}, stalled ${r.faults.stalledDeaths}, stale ${r.faults.staleDeaths}; ring-unreachable ${r.faults.ringUnreachable}; not up at the end ${r.faults.notUpAtEnd}; ${r.faults.faultDropped} datagrams lost to the faults`,
        ]),
    `load average ${r.loadAverage.start.join(' ')} → ${r.loadAverage.end.join(' ')}; shard lag ≤ ${r.maxShardLagMs} ms; shards ${r.shardRssMiB} MiB RSS; ${r.rejectedDatagrams} datagrams rejected; shard queue wait ≤ ${r.simOverload.maxQueueWaitMs} ms, ${r.simOverload.staleDropped} dropped`,
    ...(r.simOverload.overloaded
      ? [`WARNING: the simulator fell behind (datagrams waited up to ${s(r.simOverload.maxQueueWaitMs)} in its shard queues, ${r.simOverload.staleDropped} dropped): its hosts answered late, so late/dead verdicts and false deaths in this run may be the simulator's, not ringwatch's — rerun with fewer hosts or more free cores`]
      : []),
  ].join('\n');
}

/** `ringsim live`: virtual hosts over real UDP against a running CMA. */
export function registerLive(program: Command): void {
  program
    .command('live')
    .description('run N virtual hosts (real NanoprobeCore + protocol link, one UDP socket each on 127.x.y.z) against a running CMA: cold start, healthy window, kill -9 → dead')
    .addOption(new Option('--hosts <n>', 'virtual hosts').argParser(intIn('--hosts', 1, 1_000_000)).default(1_000))
    .addOption(new Option('--cma <host:port>', 'the CMA\'s UDP address (127.0.0.0/8)').default('127.0.0.1:1984'))
    .addOption(new Option('--api <host:port>', 'the CMA\'s HTTP API (cma run --api)').default('127.0.0.1:1985'))
    .addOption(new Option('--seed <n>', 'seed (world, start order, victims)').argParser(intIn('--seed', 0, 0xffff_ffff)).default(1))
    .option('--start-over <duration>', 'start the hosts uniformly over this window (default 1 ms per host, 1–120 s)')
    .option('--settle <duration>', 'quiet time after the joins', '5s')
    .option('--quiet-max <duration>', 'then wait at most this long for a quiet CMA (no message for 4 s, no suspect); default: do not wait')
    .option('--healthy <duration>', 'healthy window (CMA messages counted)', '20s')
    .addOption(new Option('--kill <n>', 'hosts killed (kill -9), one per rack, all at once').argParser(intIn('--kill', 0, 100_000)).default(5))
    .option('--dead-wait <duration>', 'wait at most this long for the victims\' deaths', '30s')
    .addOption(new Option('--shard-hosts <n>', 'hosts per shard process (one descriptor each: stay under ulimit -n)').argParser(intIn('--shard-hosts', 1, 1_000_000)).default(15_000))
    .option('--scenario <file|name>', 'run a scenario\'s faults (kill-host, kill-switch, partition, loss, stall) after the healthy window instead of --kill, and check its expectations (exit 1 when one fails); its world.hosts, seed and startOverMs unless given here')
    .option('--json', 'print the report as JSON', false)
    .option('--no-progress', 'no progress lines on stderr')
    .action(async (opts: LiveCliOptions, cmd: Command) => {
      const given = (name: string): boolean => cmd.getOptionValueSource(name) === 'cli';
      let sc: Scenario | undefined;
      if (opts.scenario !== undefined) {
        try {
          sc = loadScenario(opts.scenario, { ...(given('hosts') ? { hosts: opts.hosts } : {}), ...(given('seed') ? { seed: opts.seed } : {}) });
          checkLiveFaults(sc.faults);
        } catch (err) {
          if (err instanceof SimError) throw new CliError('CLI_USAGE', err.message, { cause: err });
          throw err;
        }
      }
      const startOver = opts.startOver === undefined ? sc?.startOverMs : duration('--start-over', opts.startOver);
      const report = await runLive({
        hosts: sc?.world.hosts ?? opts.hosts,
        cma: loopback('--cma', opts.cma),
        api: loopback('--api', opts.api),
        seed: sc?.seed ?? opts.seed,
        ...(startOver === undefined ? {} : { startOverMs: startOver }),
        settleMs: duration('--settle', opts.settle),
        ...(opts.quietMax === undefined ? {} : { quietMaxMs: duration('--quiet-max', opts.quietMax) }),
        healthyMs: duration('--healthy', opts.healthy),
        kills: opts.kill,
        deadWaitMs: duration('--dead-wait', opts.deadWait),
        shardHosts: opts.shardHosts,
        ...(sc === undefined ? {} : { faults: sc.faults }),
        ...(opts.progress ? { onProgress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
      });
      const checks = sc === undefined ? [] : checkLiveExpectations(sc.expect, report);
      console.log(opts.json ? JSON.stringify({ ...report, expectations: checks }, null, 2) : [formatLiveReport(report), ...checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.actual} (expected ${c.expected})`)].join('\n'));
      const failed = checks.filter((c) => !c.ok).map((c) => c.name);
      if (sc !== undefined && failed.length > 0) throw new CliError('CLI_FAILED', `scenario ${sc.name} (live): expectations not met: ${failed.join('; ')}`);
    });
}

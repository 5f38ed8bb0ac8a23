import { Option, type Command } from 'commander';
import { CliError, parseDiscoveryPlan, parseDurationMs, SystemClock, UdpTransport, createPinoLogger, formatAddress, loadOrCreateKeyPair, onGracefulShutdown, parseAddress } from '../../runtime/index.ts';
import { CMA_MULTICAST_GROUP, type DiscoveryPlanItem } from '../../protocol/index.ts';
import { CmaApiServer } from '../api-server.ts';
import { CmaDaemon } from '../daemon.ts';
import { CmaError, DEFAULT_DISCOVERY_PLAN, LAN_TIMING, WAN_TIMING, parseRingTiming, resolveRingTimings, type RingTimingOverride } from '../dispatch/index.ts';
import { join } from 'node:path';
import { openStore, type StoreKind } from '../store-options.ts';
import { addNeo4jOptions, resolveNeo4jConnection, type Neo4jFlags } from './neo4j-options.ts';

interface RunOptions extends Neo4jFlags {
  readonly listen: string;
  readonly api: string;
  readonly stateDir: string;
  readonly timing: 'lan' | 'wan';
  readonly ringTiming: RingTimingOverride[];
  readonly store: StoreKind;
  readonly advertise: string[];
  readonly logLevel: string;
  readonly multicast: string | false;
  readonly discovery: string;
  readonly dependencyStale: string;
}

/** `--discovery`: `default` (DEFAULT_DISCOVERY_PLAN), `none`, or KIND=INTERVAL[/TIMEOUT]|KIND=off,… over the defaults. */
export function discoveryPlanOption(text: string): DiscoveryPlanItem[] {
  const t = text.trim();
  if (t === 'none') return [];
  if (t === 'default' || t === '') return [...DEFAULT_DISCOVERY_PLAN];
  const items = new Map(DEFAULT_DISCOVERY_PLAN.map((d) => [d.kind, d]));
  const parts = t.split(/[\s,]+/).filter((p) => p !== '');
  for (const p of parts) if (p.endsWith('=off')) items.delete(p.slice(0, -'=off'.length));
  for (const d of parseDiscoveryPlan(parts.filter((p) => !p.endsWith('=off')).join(','))) items.set(d.kind, d);
  return [...items.values()];
}

/** `cma run`: the CMA daemon. */
export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run the CMA daemon: register nanoprobes, build rings, confirm deaths')
    .addOption(new Option('--listen <host:port>', 'UDP address for nanoprobes').env('RINGWATCH_CMA_LISTEN').default('0.0.0.0:1984'))
    .addOption(new Option('--api <host:port>', 'local HTTP API for cma status/hosts/rings').env('RINGWATCH_CMA_API').default('127.0.0.1:1985'))
    .addOption(new Option('--state-dir <dir>', 'where the CMA key pair lives (created 0700)').env('RINGWATCH_STATE_DIR').default('/var/lib/ringwatch/cma'))
    .addOption(new Option('--timing <preset>', 'heartbeat timing: lan = 1/2/3 s, wan = 3/10/30 s').choices(['lan', 'wan']).default('lan'))
    .addOption(
      new Option('--ring-timing <ring=timing...>', 'per-ring timing override, repeatable: RING (subnet:<cidr>, switch:<chassisId>, top) = lan, wan or INTERVAL/LATE/DEAD ms')
        .argParser(collectRingTiming)
        .default([]),
    )
    .addOption(new Option('--store <kind>', 'where hosts, rings and events are kept: neo4j (the graph of record), file (<state-dir>/store.json, small fleets) or memory (lost on exit)').choices(['neo4j', 'file', 'memory']).env('RINGWATCH_CMA_STORE').default('neo4j'))
    .addOption(new Option('--advertise <host:port...>', 'other addresses nanoprobes may use (HA peer, VIP)').default([]))
    .addOption(new Option('--multicast <group>', 'also answer nanoprobes that look for a CMA by multicast STARTUP on this group (same port)').default(CMA_MULTICAST_GROUP))
    .option('--no-multicast', 'do not listen for multicast STARTUPs')
    .addOption(new Option('--discovery <plan>', 'discovery plan for every nanoprobe: KIND=INTERVAL[/TIMEOUT] or KIND=off,… over the defaults (netstat=60s/10s,arp=60s/5s,inventory=1h/30s,lldp=30s/10s,facts=5m/30s), or none').env('RINGWATCH_CMA_DISCOVERY').default('default'))
    .addOption(new Option('--dependency-stale <duration>', 'a derived DEPENDS_ON no longer seen for this long is marked stale (kept, not followed by queries): 500ms, 30s, 15m, 1h').default('15m'))
    .addOption(new Option('--log-level <level>', 'pino level for the JSON logs on stderr').env('RINGWATCH_LOG_LEVEL').default('info'));
  addNeo4jOptions(command).action(async (opts: RunOptions) => {
      const listen = parseAddress(opts.listen, '--listen');
      const discovery = discoveryPlanOption(opts.discovery);
      const dependencyStaleMs = parseDurationMs(opts.dependencyStale);
      if (dependencyStaleMs === undefined) throw new CliError('CLI_USAGE', `--dependency-stale: "${opts.dependencyStale}" is not a duration (e.g. 15m)`);
      const api = parseAddress(opts.api, '--api', '127.0.0.1');
      const advertise = opts.advertise.map((a) => parseAddress(a, '--advertise'));
      const logger = createPinoLogger({ level: opts.logLevel, name: 'cma' });
      const clock = new SystemClock();
      const keyPair = await loadOrCreateKeyPair(opts.stateDir, 'cma').catch((err: unknown) => {
        throw new CliError('CLI_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
      });
      const store = await openStore({
        kind: opts.store,
        file: join(opts.stateDir, 'store.json'),
        dependencyStaleMs,
        ...(opts.store === 'neo4j' ? { neo4j: await resolveNeo4jConnection(opts) } : {}),
      });
      const transport = new UdpTransport({ host: listen.host, port: listen.port }, { clock, logger });
      const listeners =
        opts.multicast === false || listen.host.includes(':')
          ? []
          : [new UdpTransport({ host: opts.multicast, port: listen.port, reuseAddr: true, multicast: { group: opts.multicast, ...(listen.host === '0.0.0.0' ? {} : { interface: listen.host }) } }, { clock, logger })];
      const daemon = new CmaDaemon({ keyPair, timing: opts.timing === 'wan' ? WAN_TIMING : LAN_TIMING, ringTimings: opts.ringTiming, advertise, discovery }, { transport, listeners, store, clock, logger });
      await daemon.start().catch(async (err: unknown) => {
        await store.close();
        throw new CliError('CLI_FAILED', `cannot start on ${opts.listen}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      });
      const apiServer = new CmaApiServer(daemon, api, logger);
      await apiServer.start();
      console.log(`cma ${daemon.link.hostId} listening on ${formatAddress(transport.localAddress)} (api http://${formatAddress(apiServer.address())}, timing ${opts.timing}, store ${opts.store === 'neo4j' ? `neo4j ${opts.neo4jUri}` : opts.store})`);
      onGracefulShutdown(
        async () => {
          await apiServer.stop();
          await daemon.stop();
          await store.close();
        },
        (line) => {
          console.error(line);
        },
      );
      await new Promise<never>(() => undefined);
    });
}

/** commander argParser of --ring-timing: parses one RING=TIMING and appends it (a bad one is a usage error). */
function collectRingTiming(value: string, previous: RingTimingOverride[]): RingTimingOverride[] {
  try {
    return [...resolveRingTimings([...previous, parseRingTiming(value)])];
  } catch (err) {
    if (err instanceof CmaError) throw new CliError('CLI_USAGE', `--ring-timing: ${err.message.replace(`${err.code}: `, '')}`);
    throw err;
  }
}

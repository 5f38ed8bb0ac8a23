import { DEFAULT_FACTS_DIR } from '../../discovery/collectors/facts.ts';
import { Option, type Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CliError, JsonEndpoint, SystemClock, TimerScheduler, UdpTransport, createPinoLogger, formatAddress, loadOrCreateKeyPair, onGracefulShutdown, packageVersion, parseAddress } from '../../runtime/index.ts';
import { CMA_MULTICAST_GROUP, DEFAULT_PORT, type DiscoveryHash } from '../../protocol/index.ts';
import { DEFAULT_HOST_COLLECTORS, HostCollectors } from '../discovery/host-collectors.ts';
import { parseDiscoveryPlan } from '../discovery/plan-option.ts';
import { NanoprobeDaemon } from '../daemon.ts';

interface RunOptions {
  readonly cma: string[];
  readonly multicast: string;
  readonly listen: string;
  readonly stateDir: string;
  readonly cmaKey?: string;
  readonly strict?: boolean;
  readonly hostname?: string;
  readonly logLevel: string;
  readonly discovery?: string;
  readonly lldpInterfaces?: string;
  readonly factsDir: string;
}

function readMachineId(): string {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return readFileSync(file, 'utf8').trim().slice(0, 64);
    } catch {
      // try the next one
    }
  }
  return '';
}

/** The pinned CMA key: --cma-key (base64 or a file holding it), else the one saved on first use, else none. */
function cmaKey(opts: RunOptions): Uint8Array | undefined {
  const text = opts.cmaKey === undefined ? (existsSync(join(opts.stateDir, 'cma.pub')) ? readFileSync(join(opts.stateDir, 'cma.pub'), 'utf8') : undefined) : existsSync(opts.cmaKey) ? readFileSync(opts.cmaKey, 'utf8') : opts.cmaKey;
  if (text === undefined) return undefined;
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new CliError('CLI_USAGE', '--cma-key: not a base64 X25519 public key (32 bytes)');
  return key;
}

/** Discovery hashes saved by a previous run (absent or unreadable: none). */
function savedHashes(stateDir: string): DiscoveryHash[] {
  try {
    const doc: unknown = JSON.parse(readFileSync(join(stateDir, HASHES_FILE), 'utf8'));
    return Array.isArray(doc) ? doc.filter((h): h is DiscoveryHash => typeof h === 'object' && h !== null && typeof (h as DiscoveryHash).kind === 'string' && typeof (h as DiscoveryHash).hash === 'string') : [];
  } catch {
    return [];
  }
}

/** Where the discovery hashes the CMA acknowledged are kept between runs. */
const HASHES_FILE = 'discovery-hashes.json';

/** `nanoprobe run`: the host agent. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the nanoprobe daemon: register with the CMA, heartbeat ring neighbours, report exceptions')
    .addOption(new Option('--cma <host:port...>', 'CMA address(es); without it, STARTUP is multicast to --multicast until a CMA answers').env('RINGWATCH_CMA').default([]))
    .addOption(new Option('--multicast <group:port>', 'where to look for a CMA when --cma is not given').default(`${CMA_MULTICAST_GROUP}:${DEFAULT_PORT}`))
    .addOption(new Option('--listen <host:port>', 'UDP address for heartbeats').env('RINGWATCH_LISTEN').default('0.0.0.0:1984'))
    .addOption(new Option('--state-dir <dir>', 'key pair, pinned CMA key and status socket (created 0700)').env('RINGWATCH_STATE_DIR').default('/var/lib/ringwatch/nanoprobe'))
    .addOption(new Option('--cma-key <base64|file>', 'pin the CMA public key (default: trust the first CMA that answers, then pin it)').env('RINGWATCH_CMA_KEY'))
    .option('--strict', 'refuse trust on first use: require --cma-key')
    .option('--hostname <name>', 'name to register under (default: the system host name)')
    .addOption(new Option('--discovery <kind=interval[/timeout],...>', 'local discovery plan, e.g. netstat=60s,arp=60s,inventory=1h,lldp=30s (the CMA may override per kind)').env('RINGWATCH_DISCOVERY'))
    .addOption(new Option('--lldp-interfaces <if,...>', 'interfaces to capture LLDP/CDP on (default: every Ethernet interface)').env('RINGWATCH_LLDP_INTERFACES'))
    .addOption(new Option('--facts-dir <dir>', 'host facts drop-ins (*.json, or executables printing JSON) for the facts kind (docs/discovery.md)').env('RINGWATCH_FACTS_DIR').default(DEFAULT_FACTS_DIR))
    .addOption(new Option('--log-level <level>', 'pino level for the JSON logs on stderr').env('RINGWATCH_LOG_LEVEL').default('info'))
    .action(async (opts: RunOptions) => {
      // Variadic from the command line, one comma/space separated string from $RINGWATCH_CMA.
      const cmaList: string[] = Array.isArray(opts.cma) ? opts.cma : String(opts.cma).split(/[\s,]+/).filter(Boolean);
      const cma = cmaList.map((a) => parseAddress(a, '--cma'));
      const listen = parseAddress(opts.listen, '--listen');
      const pinned = cmaKey(opts);
      if (opts.strict === true && pinned === undefined) throw new CliError('CLI_USAGE', '--strict needs --cma-key (or a cma.pub saved in the state dir)');
      const logger = createPinoLogger({ level: opts.logLevel, name: 'nanoprobe' });
      const clock = new SystemClock();
      const keyPair = await loadOrCreateKeyPair(opts.stateDir, 'nanoprobe').catch((err: unknown) => {
        throw new CliError('CLI_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
      });
      const multicast = parseAddress(opts.multicast, '--multicast');
      const plan = parseDiscoveryPlan(opts.discovery ?? '');
      const lldpInterfaces = (opts.lldpInterfaces ?? '').split(/[\s,]+/).filter((i) => i !== '');
      const scheduler = new TimerScheduler(clock);
      const collectors = new HostCollectors({ ...DEFAULT_HOST_COLLECTORS, lldpInterfaces, facts: { ...DEFAULT_HOST_COLLECTORS.facts, dir: opts.factsDir } }, { scheduler, logger });
      const transport = new UdpTransport(
        { host: listen.host, port: listen.port, recvBufferBytes: 1024 * 1024, ...(listen.host === '0.0.0.0' || listen.host.includes(':') ? {} : { multicastSendInterface: listen.host }) },
        { clock, logger },
      );
      const daemon = new NanoprobeDaemon(
        {
          keyPair,
          cma,
          multicast,
          cmaPublicKey: pinned,
          strict: opts.strict === true,
          hostname: opts.hostname ?? hostname(),
          version: packageVersion(),
          machineId: readMachineId(),
          onCmaKeyLearned: (key) => {
            writeFileSync(join(opts.stateDir, 'cma.pub'), `${Buffer.from(key).toString('base64')}\n`, { mode: 0o644 });
          },
          discoveryHashes: savedHashes(opts.stateDir),
          discoveryPlan: lldpInterfaces.length === 0 ? plan : plan.map((p) => (p.kind === 'lldp' ? { ...p, args: lldpInterfaces } : p)),
          onDiscoveryHashesAcked: (hashes) => {
            writeFileSync(join(opts.stateDir, HASHES_FILE), `${JSON.stringify(hashes)}\n`, { mode: 0o600 });
          },
        },
        { transport, clock, logger, discovery: collectors },
      );
      await daemon.start().catch((err: unknown) => {
        throw new CliError('CLI_FAILED', `cannot listen on ${opts.listen}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      });
      const endpoint = new JsonEndpoint({ socketPath: join(opts.stateDir, 'nanoprobe.sock') }, (url) =>
        url.pathname === '/status' ? { ...daemon.core.status(clock.now()), discoveryRuns: daemon.core.discoveryStatus(), capture: collectors.capture?.stats(), daemon: daemon.stats, link: daemon.link.stats, transport: transport.stats } : undefined,
      );
      await endpoint.start();
      console.log(`nanoprobe ${daemon.link.hostId} listening on ${formatAddress(transport.localAddress)}, cma ${cma.length > 0 ? cma.map(formatAddress).join(', ') : `by multicast to ${formatAddress(multicast)}`}`);
      onGracefulShutdown(
        async (signal) => {
          await endpoint.stop();
          await daemon.stop(`signal ${signal}`);
          scheduler.stop();
        },
        (line) => {
          console.error(line);
        },
      );
      await new Promise<never>(() => undefined);
    });
}

import { collectFacts, DEFAULT_FACTS_COLLECTOR, DEFAULT_FACTS_DIR } from '../../discovery/collectors/facts.ts';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { collectInventory } from '../../discovery/collectors/inventory.ts';
import { collectSockets } from '../../discovery/collectors/procfs.ts';
import { FrameDecodeError, decodeDiscoveryFrame, neighbourOf, parseProcNetArp, readCapture, type DiscoveryFrame, type HostInventory, type JoinedSocket, type Neighbour } from '../../discovery/index.ts';
import { CliError, SystemClock, TimerScheduler, createPinoLogger } from '../../runtime/index.ts';
import { spawnCaptureProcess } from '../discovery/capture-spawn.ts';
import { DEFAULT_LLDP_CAPTURE, LldpCapture } from '../discovery/lldp-capture.ts';
import type { HeardNeighbour } from '../discovery/neighbour-table.ts';
import { parseDurationMs } from '../discovery/plan-option.ts';

interface LldpOptions {
  readonly pcap?: string;
  readonly live?: string;
  readonly duration: string;
  readonly json?: boolean;
}

/** One decoded discovery frame of a capture, or the reason it could not be decoded. */
export type FrameRecord =
  | { readonly frame: number; readonly timestampSec: number; readonly protocol: Exclude<DiscoveryFrame['protocol'], 'none'>; readonly neighbour: Neighbour; readonly decoded: DiscoveryFrame; readonly warnings: readonly string[] }
  | { readonly frame: number; readonly timestampSec: number; readonly error: string; readonly code: string };

/** Decodes every discovery frame (LLDP, CDP, FDP, EDP, SONMP) of a pcap/pcapng file held in memory. */
export function discoveryRecords(bytes: Uint8Array): FrameRecord[] {
  const capture = readCapture(bytes).value;
  const records: FrameRecord[] = [];
  capture.frames.forEach((f, i) => {
    try {
      const r = decodeDiscoveryFrame(f.data, f.linkType);
      const neighbour = neighbourOf(r.value);
      if (neighbour === undefined) return;
      records.push({ frame: i + 1, timestampSec: f.timestampSec, protocol: neighbour.protocol, neighbour, decoded: r.value, warnings: r.warnings.map((w) => (typeof w === 'string' ? w : JSON.stringify(w))) });
    } catch (err) {
      if (!(err instanceof FrameDecodeError)) throw err;
      records.push({ frame: i + 1, timestampSec: f.timestampSec, error: err.message, code: err.code });
    }
  });
  return records;
}

/** One human line for a record. */
export function summarize(r: FrameRecord): string {
  if ('error' in r) return `#${r.frame}  malformed: ${r.error}`;
  const d = r.decoded;
  const warn = r.warnings.length > 0 ? `  (${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''})` : '';
  switch (d.protocol) {
    case 'lldp': {
      const p = d.lldp;
      const mgmt = p.managementAddresses.map((m) => m.address).join(',');
      return `#${r.frame}  lldp  chassis ${p.chassisId?.subtypeName ?? '?'} ${p.chassisId?.value ?? '?'}  port ${p.portId?.subtypeName ?? '?'} ${p.portId?.value ?? '?'}  ttl ${p.ttlSec ?? '?'}  system ${p.systemName ?? '-'}${mgmt === '' ? '' : `  mgmt ${mgmt}`}${warn}`;
    }
    case 'cdp':
      return `#${r.frame}  cdp v${d.cdp.version}  device ${d.cdp.deviceId ?? '?'}  port ${d.cdp.portId ?? '?'}  ttl ${d.cdp.ttlSec}  platform ${d.cdp.platform ?? '-'}  checksum ${d.cdp.checksumValid ? 'ok' : 'BAD'}${warn}`;
    case 'fdp':
      return `#${r.frame}  fdp v${d.fdp.version}  device ${d.fdp.deviceId ?? '?'}  port ${d.fdp.portId ?? '?'}  ttl ${d.fdp.ttlSec}  platform ${d.fdp.platform ?? '-'}${warn}`;
    case 'edp':
      return `#${r.frame}  edp v${d.edp.version}  ${JSON.stringify(d.edp.info ?? {})}${warn}`;
    case 'sonmp':
      return `#${r.frame}  sonmp  ${JSON.stringify(d.sonmp)}${warn}`;
    case 'none':
      return `#${r.frame}  not a discovery frame`;
  }
}

/** JSON with byte arrays as hex. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v), 2);
}

/** One `ss -tuanp`-like line. */
export function socketLine(j: JoinedSocket): string {
  const s = j.socket;
  const ep = (e: { address: string; port: number }): string => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
  const users = j.owners.map((o) => `("${o.name ?? '?'}",pid=${o.pid}${o.fd === undefined ? '' : `,fd=${o.fd}`})`).join(',');
  return `${s.table.padEnd(5)} ${s.state.padEnd(12)} ${ep(s.local).padEnd(28)} ${ep(s.remote).padEnd(28)} ${users === '' ? '' : `users:(${users})`}`.trimEnd();
}

/** Captures on `interfaces` (comma separated) for `duration` with the same supervised tcpdump the daemon uses. */
async function listen(interfaces: string, duration: string): Promise<HeardNeighbour[]> {
  const durationMs = parseDurationMs(duration);
  if (durationMs === undefined) throw new CliError('CLI_USAGE', `--duration: "${duration}" is not a duration (e.g. 30s)`);
  const list = interfaces.split(/[\s,]+/).filter((i) => i !== '');
  const scheduler = new TimerScheduler(new SystemClock());
  const capture = new LldpCapture(
    { ...DEFAULT_LLDP_CAPTURE, interfaces: list },
    { scheduler, logger: createPinoLogger({ level: 'warn', name: 'nanoprobe' }), spawn: spawnCaptureProcess() },
  );
  capture.start();
  const deadline = Date.now() + durationMs;
  while (Date.now() < deadline && capture.unavailable === undefined) await new Promise((r) => setTimeout(r, Math.min(100, deadline - Date.now())));
  const heard = capture.snapshot();
  capture.stop();
  scheduler.stop();
  if (capture.unavailable !== undefined) throw new CliError('CLI_FAILED', `cannot capture: ${capture.unavailable}`);
  return heard;
}

/** One human line for a neighbour heard live. */
export function neighbourLine(h: HeardNeighbour): string {
  const n = h.neighbour;
  return `${h.interface}  ${n.protocol}  chassis ${n.chassisId?.subtype ?? '?'} ${n.chassisId?.value ?? '?'}  port ${n.portId?.subtype ?? '?'} ${n.portId?.value ?? '?'}  ttl ${n.ttlSec ?? '?'}  system ${n.systemName ?? '-'}${n.managementAddresses.length === 0 ? '' : `  mgmt ${n.managementAddresses.join(',')}`}`;
}

/** The human view of an inventory. */
export function inventoryText(inv: HostInventory, warnings: readonly string[]): string {
  const gib = (b: number | undefined): string => (b === undefined ? '?' : `${(b / 2 ** 30).toFixed(1)} GiB`);
  const lines = [
    `os       ${inv.os?.prettyName ?? inv.os?.id ?? '?'}`,
    `kernel   ${inv.kernel === undefined ? '?' : `${inv.kernel.name} ${inv.kernel.release}`}`,
    `cpu      ${inv.cpu === undefined ? '?' : `${inv.cpu.logicalCpus} × ${inv.cpu.model ?? '?'}`}`,
    `memory   ${gib(inv.memory?.totalBytes)} (swap ${gib(inv.memory?.swapTotalBytes)})`,
    ...inv.nics.map((n) => `nic      ${n.name.padEnd(12)} ${(n.mac ?? '-').padEnd(18)} mtu ${n.mtuBytes ?? '?'}  ${n.speedMbps === undefined ? '' : `${n.speedMbps} Mb/s  `}${n.operstate ?? ''}  ${n.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(' ')}`.trimEnd()),
    `packages ${inv.packages === undefined ? 'unknown (no dpkg-query)' : `${inv.packages.filter((p) => p.installed).length} installed`}`,
    ...warnings.map((w) => `warning  ${w}`),
  ];
  return lines.join('\n');
}

/** `nanoprobe discover …`: what discovery sees, offline or on this host now. */
export function registerDiscover(program: Command): void {
  const discover = program.command('discover').description('one-shot discovery, for operators and tests');
  discover
    .command('lldp')
    .description('decode every discovery frame (LLDP, CDP, FDP, EDP, SONMP) in a pcap/pcapng file, or listen live')
    .option('--pcap <file>', 'capture file (tcpdump -w, or pcapng)')
    .option('--live <if,...>', 'capture live on these interfaces with tcpdump (needs CAP_NET_RAW) and print the neighbours heard')
    .option('--duration <time>', 'how long --live listens (30s, 2m, …); LLDP is typically sent every 30 s', '35s')
    .option('--json', 'machine-readable output: every decoded field')
    .action(async (opts: LldpOptions) => {
      if ((opts.pcap === undefined) === (opts.live === undefined)) throw new CliError('CLI_USAGE', 'give exactly one of --pcap FILE or --live IFACE');
      if (opts.live !== undefined) {
        const heard = await listen(opts.live, opts.duration);
        console.log(opts.json === true ? toJson(heard.map((h) => ({ interface: h.interface, ...h.neighbour }))) : heard.map(neighbourLine).join('\n') || 'no neighbours heard');
        return;
      }
      const pcap = opts.pcap ?? '';
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(pcap);
      } catch (err) {
        throw new CliError('CLI_USAGE', `cannot read ${pcap}: ${err instanceof Error ? err.message : String(err)}`);
      }
      let records: FrameRecord[];
      try {
        records = discoveryRecords(bytes);
      } catch (err) {
        if (err instanceof FrameDecodeError) throw new CliError('CLI_USAGE', `${pcap} is not a readable capture: ${err.message}`);
        throw err;
      }
      console.log(opts.json === true ? toJson(records) : records.map(summarize).join('\n') || 'no discovery frames');
    });
  discover
    .command('netstat')
    .description('TCP/UDP listeners and connections on this host with their processes, read passively from /proc')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const c = await collectSockets();
      console.log(opts.json === true ? toJson(c) : c.sockets.map(socketLine).join('\n'));
    });
  discover
    .command('facts')
    .description('the facts this host gives itself from its drop-ins (*.json, or executables printing JSON) — what the facts kind sends')
    .option('--facts-dir <dir>', 'drop-in directory', DEFAULT_FACTS_DIR)
    .option('--json', 'machine-readable output')
    .action(async (opts: { factsDir: string; json?: boolean }) => {
      const c = await collectFacts({ ...DEFAULT_FACTS_COLLECTOR, dir: opts.factsDir });
      for (const w of c.warnings) console.error(`warning: ${w}`);
      const lines = Object.entries(c.payload).map(([k, v]) => `${k.padEnd(12)} ${String(v)}`);
      console.log(opts.json === true ? JSON.stringify(c.payload, null, 2) : lines.join('\n') || `no facts in ${opts.factsDir}`);
    });
  discover
    .command('arp')
    .description('the ARP / neighbour table of this host (/proc/net/arp)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const r = parseProcNetArp(await readFile('/proc/net/arp', 'utf8'));
      console.log(opts.json === true ? toJson(r) : r.value.map((e) => `${e.ip.padEnd(16)} ${(e.mac ?? '(incomplete)').padEnd(18)} ${e.device}`).join('\n'));
    });
  discover
    .command('inventory')
    .description('OS, kernel, CPU, memory, NICs and installed packages of this host (files and local tools only)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const c = await collectInventory();
      console.log(opts.json === true ? toJson(c) : inventoryText(c.inventory, c.warnings));
    });
}

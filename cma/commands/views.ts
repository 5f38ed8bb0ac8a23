import { Option, type Command } from 'commander';
import { CliError, formatAddress, parseAddress } from '../../runtime/index.ts';
import type { CmaStatusView, HostView, RingView } from '../dispatch/index.ts';

interface ViewOptions {
  readonly api: string;
  readonly json?: boolean;
}

async function fetchJson(api: string, path: string): Promise<unknown> {
  const address = parseAddress(api, '--api', '127.0.0.1');
  const url = `http://${formatAddress(address)}${path}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    throw new CliError('CLI_FAILED', `cannot reach the CMA API at ${formatAddress(address)} (is 'cma run' running?): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw new CliError('CLI_FAILED', `CMA API ${url} answered ${res.status}`);
  return res.json();
}

const ago = (wallMs: number): string => {
  const s = Math.max(0, Math.round((Date.now() - wallMs) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

/** Left-aligned text table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function printStatus(s: CmaStatusView & { daemon?: { datagramsReceived: number } }): string {
  return [
    `cma ${s.cmaId} (session ${s.cmaSession})`,
    `hosts: ${s.hosts.total} (${s.hosts.up} up, ${s.hosts.dead} dead, ${s.hosts.shutdown} shut down), ${s.suspects} under suspicion`,
    `rings: ${s.localRings} local, ${s.topRingMembers} hosts in the top ring`,
    ...(s.daemon === undefined ? [] : [`datagrams received: ${s.daemon.datagramsReceived}`]),
  ].join('\n');
}

function printHosts(hosts: readonly HostView[]): string {
  return table(
    ['HOST', 'NAME', 'STATUS', 'RING', 'ADDRESS', 'SEEN', 'NOTE'],
    hosts.map((h) => [h.hostId.slice(0, 12), h.hostname, h.suspected ? `${h.status}?` : h.status, h.ringId ?? '-', h.address, ago(h.lastSeenWallMs), h.deadReason]),
  );
}

function printRings(rings: readonly RingView[]): string {
  return rings.map((r) => `${r.ringId} (${r.members.length} hosts, ${r.edges} edges, ${r.timing.intervalMs}/${r.timing.lateMs}/${r.timing.deadMs} ms)\n  ${r.members.map((m) => m.slice(0, 8)).join(' → ')}`).join('\n');
}

/** `cma status`, `cma hosts`, `cma rings`: the live view from a running CMA. */
export function registerViews(program: Command): void {
  const views = [
    { name: 'status', path: '/status', description: 'summary of hosts, rings and suspicions', print: (v: unknown) => printStatus(v as CmaStatusView) },
    { name: 'hosts', path: '/hosts', description: 'every registered host with its status and ring', print: (v: unknown) => printHosts(v as HostView[]) },
    { name: 'rings', path: '/rings', description: 'every ring with its members in heartbeat order', print: (v: unknown) => printRings(v as RingView[]) },
  ];
  for (const view of views) {
    program
      .command(view.name)
      .description(view.description)
      .addOption(new Option('--api <host:port>', 'the CMA API').env('RINGWATCH_CMA_API').default('127.0.0.1:1985'))
      .option('--json', 'machine-readable output')
      .action(async (opts: ViewOptions) => {
        const data = await fetchJson(opts.api, view.path);
        console.log(opts.json === true ? JSON.stringify(data, null, 2) : view.print(data));
      });
  }
}

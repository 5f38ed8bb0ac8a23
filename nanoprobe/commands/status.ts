import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { CliError, getJson } from '../../runtime/index.ts';
import type { NanoprobeStatus } from '../core/index.ts';

interface StatusOptions {
  readonly stateDir: string;
  readonly json?: boolean;
}

type StatusShape = NanoprobeStatus & { readonly daemon: { readonly datagramsReceived: number; readonly rejected: Record<string, number> } };

/** `nanoprobe status`: what the running daemon on this host sees. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show the running nanoprobe's view: CMA, peers and their state, counters")
    .addOption(new Option('--state-dir <dir>', 'state dir of the running nanoprobe').env('RINGWATCH_STATE_DIR').default('/var/lib/ringwatch/nanoprobe'))
    .option('--json', 'machine-readable output')
    .action(async (opts: StatusOptions) => {
      const socket = join(opts.stateDir, 'nanoprobe.sock');
      let status: unknown;
      try {
        status = await getJson(socket, '/status');
      } catch (err) {
        throw new CliError('CLI_FAILED', `no nanoprobe answers on ${socket} (is 'nanoprobe run' running?): ${err instanceof Error ? err.message : String(err)}`);
      }
      if (opts.json === true) {
        console.log(JSON.stringify(status, null, 2));
        return;
      }
      const s = status as StatusShape;
      console.log(`configured: ${s.configured ? `yes, by cma ${s.cma.cmaId ?? '?'} (session ${s.cma.cmaSession ?? '?'})` : 'no (waiting for the CMA)'}${s.shuttingDown ? ', shutting down' : ''}`);
      console.log(`host ${s.hostId}, heartbeat ${s.timing.intervalMs} ms, late ${s.timing.lateMs} ms, dead ${s.timing.deadMs} ms`);
      for (const p of s.peers) {
        console.log(`  peer ${p.peerId.slice(0, 12)}  ${p.health.padEnd(5)}  silent ${(p.silentForMs / 1000).toFixed(1)} s  rings ${p.rings.map((r) => r.ringId).join(', ')}`);
      }
      const rejected = Object.entries(s.daemon.rejected);
      console.log(`datagrams received ${s.daemon.datagramsReceived}${rejected.length > 0 ? `, refused ${rejected.map(([c, n]) => `${c}×${n}`).join(' ')}` : ''}`);
    });
}

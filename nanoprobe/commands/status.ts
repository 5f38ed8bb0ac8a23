import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { CliError, getJson } from '../../runtime/index.ts';

interface StatusOptions {
  readonly stateDir: string;
  readonly json?: boolean;
}

interface StatusShape {
  readonly configured?: boolean;
  readonly peers?: readonly { readonly peerId: string; readonly state: string; readonly rings?: readonly string[]; readonly lastHeardAgoMs?: number }[];
  readonly daemon?: { readonly datagramsReceived: number };
}

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
      console.log(`configured: ${s.configured === true ? 'yes' : 'no (waiting for the CMA)'}`);
      for (const p of s.peers ?? []) console.log(`  peer ${p.peerId.slice(0, 12)}  ${p.state.padEnd(5)}  rings ${(p.rings ?? []).join(',')}  heard ${Math.round((p.lastHeardAgoMs ?? 0) / 1000)}s ago`);
    });
}

/**
 * The process of one live-mode shard (forked by the coordinator, run-live.ts). Commands arrive over the IPC
 * channel; every reply carries the command's `id`. The shard exits when the coordinator goes away.
 */
import type { NetFaultState } from './net-faults.ts';
import { Shard, type ShardInit } from './shard.ts';

/** Coordinator → shard. */
export type ShardCommand =
  | { readonly id: number; readonly type: 'init'; readonly init: ShardInit }
  | { readonly id: number; readonly type: 'start'; readonly delaysMs: readonly number[] }
  | { readonly id: number; readonly type: 'kill'; readonly locals: readonly number[] }
  | { readonly id: number; readonly type: 'net'; readonly state: NetFaultState }
  | { readonly id: number; readonly type: 'stall'; readonly locals: readonly number[]; readonly forMs: number }
  | { readonly id: number; readonly type: 'stats' }
  | { readonly id: number; readonly type: 'stop' };

let shard: Shard | undefined;

async function handle(cmd: ShardCommand): Promise<unknown> {
  switch (cmd.type) {
    case 'init':
      shard = new Shard(cmd.init);
      return { hostIds: await shard.bind() };
    case 'start':
      shard?.scheduleStarts(cmd.delaysMs);
      return {};
    case 'kill':
      return { wallMs: shard?.kill(cmd.locals) ?? [] };
    case 'net':
      shard?.setNet(cmd.state);
      return {};
    case 'stall':
      shard?.stall(cmd.locals, cmd.forMs);
      return {};
    case 'stats':
      return shard?.stats();
    case 'stop':
      shard?.stop();
      shard = undefined;
      return {};
    default:
      return undefined;
  }
}

process.on('message', (cmd: ShardCommand) => {
  handle(cmd).then(
    (result) => process.send?.({ id: cmd.id, ok: true, result }),
    (err: unknown) => process.send?.({ id: cmd.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => {
  shard?.stop();
  process.exit(0);
});

/** The coordinator's handle on one forked shard process (shard-main.ts): request → reply over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NetFaultState } from './net-faults.ts';
import type { ShardInit, ShardStats } from './shard.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Reply = { id: number; ok: boolean; result?: unknown; error?: string };

export class ShardClient {
  readonly child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exited = false;

  constructor(nodeArgs: readonly string[] = []) {
    this.child = fork(fileURLToPath(new URL('./shard-main.js', import.meta.url)), [], { execArgv: [...nodeArgs], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('message', (m: Reply) => {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`shard: ${m.error ?? 'failed'}`));
    });
    this.child.on('exit', (code, signal) => {
      this.#exited = true;
      for (const p of this.#pending.values()) p.reject(new Error(`shard process exited (${signal ?? code ?? '?'})`));
      this.#pending.clear();
    });
  }

  #request<T>(cmd: Record<string, unknown>): Promise<T> {
    if (this.#exited) return Promise.reject(new Error('shard process exited'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...cmd, id });
    });
  }

  async init(init: ShardInit): Promise<string[]> {
    return (await this.#request<{ hostIds: string[] }>({ type: 'init', init })).hostIds;
  }

  start(delaysMs: readonly number[]): Promise<unknown> {
    return this.#request({ type: 'start', delaysMs });
  }

  async kill(locals: readonly number[]): Promise<number[]> {
    return (await this.#request<{ wallMs: number[] }>({ type: 'kill', locals })).wallMs;
  }

  setNet(state: NetFaultState): Promise<unknown> {
    return this.#request({ type: 'net', state });
  }

  stall(locals: readonly number[], forMs: number): Promise<unknown> {
    return this.#request({ type: 'stall', locals, forMs });
  }

  stats(): Promise<ShardStats> {
    return this.#request({ type: 'stats' });
  }

  /** Stops the shard and waits for its process to end (killed after 5 s). */
  async close(): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => { r(); }));
    await this.#request({ type: 'stop' }).catch(() => undefined);
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}

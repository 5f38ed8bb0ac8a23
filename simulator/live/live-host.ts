/**
 * One virtual host of live mode: the REAL NanoprobeCore behind the REAL protocol Link (codec, AEAD, reliable
 * channel), interpreted by the same NanoprobeShell as nanoprobe/daemon.ts, minus discovery collectors (every run
 * answers "no collectors"), logging and the per-process timer. The shard owns the socket and the one shared wake
 * queue: this host only says when it next wants `timer(now)` (its `wakeAtMs`), sends through the `send` function
 * it is given, and calls `onWake` when its wake time changed outside a call of the shard.
 */
import type { KeyPair, Link, WireAddress } from '../../protocol/index.ts';
import type { NanoprobeCore } from '../../nanoprobe/core/index.ts';
import { NanoprobeShell } from '../../nanoprobe/shell.ts';

/** Sends one datagram from this host's socket. */
export type SendFn = (to: WireAddress, bytes: Uint8Array) => void;

/** Counters of one shard's hosts (summed by the shard). */
export interface LiveHostCounters {
  rejected: number;
  effectErrors: number;
  reportsDropped: number;
}

export interface LiveHostInit {
  readonly keyPair: KeyPair;
  readonly hostname: string;
  readonly address: WireAddress;
  readonly cma: WireAddress;
  readonly wallNowMs: number;
  readonly counters: LiveHostCounters;
  readonly send: SendFn;
  /** The shard's monotonic clock (ms), read when a discovery run completes outside a shard call. */
  readonly now: () => number;
  /** This host's wake time changed outside a shard call: re-arm it (`wakeAtMs`). */
  readonly onWake: () => void;
}

export class LiveHost {
  readonly #shell: NanoprobeShell;
  readonly core: NanoprobeCore;

  constructor(init: LiveHostInit) {
    const counters = init.counters;
    this.#shell = new NanoprobeShell(
      // Trust on first use, as `nanoprobe run` without a pinned key: the first CMA to answer over the channel.
      { keyPair: init.keyPair, startWallMs: init.wallNowMs, cma: [init.cma] },
      {
        send: init.send,
        now: init.now,
        onWake: init.onWake,
        metrics: {
          received: () => undefined,
          rejected: () => {
            counters.rejected++;
          },
          foreignChannel: () => undefined,
          reportDropped: () => {
            counters.reportsDropped++;
          },
          effectFailed: () => {
            counters.effectErrors++;
          },
        },
      },
    );
    this.core = this.#shell.createCore({
      hostname: init.hostname,
      addresses: [init.address],
      version: 'ringsim-live',
      machineId: this.#shell.link.hostId,
      startedWallMs: init.wallNowMs,
    });
  }

  get link(): Link {
    return this.#shell.link;
  }

  get hostId(): string {
    return this.#shell.link.hostId;
  }

  /** When the shard should call `timer` next (undefined: only a datagram wakes this host). */
  wakeAtMs(nowMs: number): number | undefined {
    return this.#shell.wakeAtMs(nowMs);
  }

  start(nowMs: number): void {
    this.#shell.start(nowMs);
    this.#shell.pump(nowMs);
  }

  timer(nowMs: number): void {
    this.#shell.timer(nowMs);
  }

  receive(bytes: Uint8Array, from: WireAddress, nowMs: number): void {
    this.#shell.receive(bytes, from, nowMs);
  }

  /** kill -9: nothing more runs (a discovery answer still pending is dropped). */
  stop(): void {
    this.#shell.stop();
  }
}

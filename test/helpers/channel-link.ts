/**
 * Test-only glue between a ReliableChannel and a Transport: a throwaway JSON encoding of Segment/Ack (the real
 * codec lives in protocol/codec.ts) and an endpoint that polls its channel, sends, delivers, commits and keeps one
 * timer on a Scheduler, like the daemons' shells will.
 */
import type { ReliableChannel } from '../../protocol/channel/index.ts';
import type { ChannelEvent } from '../../protocol/channel/index.ts';
import type { Ack, Segment } from '../../protocol/messages.ts';
import type { Rng } from '../../runtime/rng.ts';
import type { Cancel, Scheduler } from '../../runtime/scheduler.ts';
import type { Address, Transport } from '../../runtime/transport.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Test-only encoding: JSON with the segment data in base64. */
export function encodeChannelMessage(msg: Segment | Ack): Uint8Array {
  const json = msg.type === 'SEGMENT' ? { ...msg, data: Buffer.from(msg.data).toString('base64') } : msg;
  return encoder.encode(JSON.stringify(json));
}

/** Inverse of {@link encodeChannelMessage}. */
export function decodeChannelMessage(bytes: Uint8Array): Segment | Ack {
  const parsed = JSON.parse(decoder.decode(bytes)) as (Segment & { data: string }) | Ack;
  if (parsed.type === 'ACK') return parsed;
  return { ...parsed, data: new Uint8Array(Buffer.from(parsed.data, 'base64')) };
}

/** Options of a {@link ChannelEndpoint}. */
export interface EndpointOptions {
  /** When set (and the channel does not auto-commit), each delivery is committed after a delay drawn in [0, max] ms. */
  readonly commitDelayMaxMs?: number;
  /** Draws commit delays. */
  readonly rng?: Rng;
  /** false: deliveries are never committed (commit-gating tests). */
  readonly commit?: boolean;
}

/** A channel plus its shell: one transport, one peer address, one timer. */
export class ChannelEndpoint {
  readonly channel: ReliableChannel;
  readonly transport: Transport;
  readonly scheduler: Scheduler;
  peer: Address;
  readonly delivered: Uint8Array[] = [];
  readonly events: ChannelEvent[] = [];
  /** Delivery seqs handed to the app and not committed. */
  readonly uncommitted: number[] = [];
  #timer: Cancel | undefined;
  #timerAtMs: number | undefined;
  readonly #options: EndpointOptions;
  #stopped = false;

  constructor(channel: ReliableChannel, transport: Transport, scheduler: Scheduler, peer: Address, options: EndpointOptions = {}) {
    this.channel = channel;
    this.transport = transport;
    this.scheduler = scheduler;
    this.peer = peer;
    this.#options = options;
    transport.onDatagram((datagram) => {
      if (this.#stopped) return;
      this.channel.receive(decodeChannelMessage(datagram.data), datagram.receivedAtMs);
      this.pump();
    });
  }

  /** Queues an application message; false when the channel refused it. */
  send(payload: Uint8Array): boolean {
    const ok = this.channel.send(payload, this.scheduler.clock.now());
    this.pump();
    return ok;
  }

  /** Commits every delivery handed out so far. */
  commitAll(): void {
    const nowMs = this.scheduler.clock.now();
    for (const seq of this.uncommitted.splice(0)) this.channel.commit(seq, nowMs);
    this.pump();
  }

  /** Stops reacting (a crashed process). */
  kill(): void {
    this.#stopped = true;
    this.#timer?.();
  }

  /** Polls the channel, sends its output, hands deliveries up, and re-arms the timer. */
  pump(): void {
    if (this.#stopped) return;
    const nowMs = this.scheduler.clock.now();
    const { outgoing, delivered, events } = this.channel.poll(nowMs);
    for (const msg of outgoing) this.transport.send(this.peer, encodeChannelMessage(msg));
    this.events.push(...events);
    for (const message of delivered) {
      this.delivered.push(message.payload);
      this.#afterDelivery(message.seq);
    }
    this.#arm();
  }

  #afterDelivery(seq: number): void {
    if (this.channel.config.autoCommit) return;
    const { commitDelayMaxMs, rng, commit = true } = this.#options;
    if (!commit) {
      this.uncommitted.push(seq);
      return;
    }
    const delayMs = commitDelayMaxMs === undefined || rng === undefined ? 0 : rng.next() * commitDelayMaxMs;
    this.scheduler.at(this.scheduler.clock.now() + delayMs, () => {
      if (this.#stopped) return;
      this.channel.commit(seq, this.scheduler.clock.now());
      this.pump();
    });
  }

  #arm(): void {
    const wakeAtMs = this.channel.nextWakeAtMs();
    if (wakeAtMs === this.#timerAtMs && this.#timer !== undefined) return;
    this.#timer?.();
    this.#timer = undefined;
    this.#timerAtMs = wakeAtMs;
    if (wakeAtMs === undefined) return;
    this.#timer = this.scheduler.at(wakeAtMs, () => {
      this.#timer = undefined;
      this.#timerAtMs = undefined;
      this.pump();
    });
  }
}

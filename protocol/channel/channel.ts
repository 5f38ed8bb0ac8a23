import type { Ack, Segment } from '../messages.ts';
import type { ChannelConfig } from './config.ts';
import { resolveChannelConfig } from './config.ts';
import { ChannelReceiver } from './receiver.ts';
import { ChannelSender } from './sender.ts';
import type { ChannelEvent, ChannelOutput, ChannelStats } from './types.ts';
import { newChannelStats } from './types.ts';

/** Events kept between two polls, at most; more are counted in `stats.eventsDropped`. */
export const MAX_PENDING_EVENTS = 256;
/** Distinct stranger sessions answered per poll, at most (the rest will retransmit and be answered later). */
export const MAX_STRANGER_REPLIES = 16;
/** Former peer sessions remembered and ignored, at most (oldest forgotten first). */
export const MAX_RETIRED_SESSIONS = 16;

/** Options of a {@link ReliableChannel}. */
export interface ChannelInit {
  /** Our channel session: a u32 ≠ 0, random per process start, the same for every channel of the process. */
  readonly localSession: number;
  /** Tuning; missing fields take `DEFAULT_CHANNEL_CONFIG` values. */
  readonly config?: Partial<ChannelConfig>;
}

/**
 * The reliable channel between a nanoprobe and the CMA, one object per remote peer (docs/protocol-channel.md).
 * A pure state machine in etcd RawNode style: feed it `send`, `receive` and `commit` with the current time, then
 * `poll` for segments and ACKs to transmit, messages to deliver (in order, exactly once) and events; keep one timer
 * for `nextWakeAtMs()`. It never encodes: the shell turns `Segment`/`Ack` objects into datagrams.
 *
 * Bad input never throws: malformed or inconsistent segments are counted in `stats` and reported as
 * `message-rejected` events; input from retired or foreign sessions is counted as `stale` or answered.
 */
export class ReliableChannel {
  readonly config: ChannelConfig;
  readonly localSession: number;
  /** The peer's session as we know it (0: none yet). */
  #peerSession = 0;
  /** Former peer sessions whose input is ignored; bounded by MAX_RETIRED_SESSIONS. */
  readonly #retired: number[] = [];
  readonly #stats: ChannelStats = newChannelStats();
  readonly #sender: ChannelSender;
  readonly #receiver: ChannelReceiver;
  /** Bounded by MAX_PENDING_EVENTS. */
  #events: ChannelEvent[] = [];
  /** Sessions to answer with ACK 0; bounded by MAX_STRANGER_REPLIES. */
  readonly #strangers = new Set<number>();
  #ackDueAtMs: number | undefined;
  #lastNowMs = 0;

  constructor(init: ChannelInit) {
    const session = init.localSession;
    if (!Number.isInteger(session) || session < 1 || session > 0xffff_ffff) {
      throw new RangeError(`ReliableChannel: localSession must be a u32 other than 0, got ${session}`);
    }
    this.localSession = session;
    this.config = resolveChannelConfig(init.config);
    this.#sender = new ChannelSender(this.config, this.#stats);
    this.#receiver = new ChannelReceiver(this.config, this.#stats, (event) => {
      this.#event(event);
    });
  }

  /** The peer's session as currently known (0: unknown). */
  get peerSession(): number {
    return this.#peerSession;
  }

  get stats(): Readonly<ChannelStats> {
    return this.#stats;
  }

  /** Outgoing messages queued and not yet acknowledged. */
  get queueLength(): number {
    return this.#sender.queueLength;
  }

  /**
   * Queues an application message (copied; deflated above `compressAboveBytes`; fragmented). Returns false, and
   * counts a drop, when `maxSendQueue` messages are already waiting. Throws `EncodeError` above `maxMessageBytes`.
   */
  send(payload: Uint8Array, nowMs: number): boolean {
    this.#touch(nowMs);
    return this.#sender.enqueue(payload);
  }

  /** Drops every queued outgoing message (for example after a peer restart made them moot); returns how many. */
  clearSendQueue(): number {
    return this.#sender.clear();
  }

  /** Takes one decoded SEGMENT or ACK from the peer. Never throws for bad input (see the class comment). */
  receive(msg: Segment | Ack, nowMs: number): void {
    this.#touch(nowMs);
    if (msg.type === 'SEGMENT') this.#stats.segmentsReceived++;
    else this.#stats.acksReceived++;
    if (!isSession(msg.session) || msg.session === this.localSession || this.#retired.includes(msg.session)) {
      this.#stats.stale++;
      return;
    }
    if (msg.type === 'SEGMENT') this.#onSegment(msg, nowMs);
    else this.#onAck(msg, nowMs);
  }

  /**
   * The application has durably handled delivery `seq` (for the CMA: its Neo4j transaction committed); the
   * cumulative ACK may now move over it. False for an unknown, already committed, or previous-pairing `seq`.
   */
  commit(seq: number, nowMs: number): boolean {
    this.#touch(nowMs);
    if (!this.#receiver.commit(seq, nowMs)) return false;
    this.#ackSoon(nowMs, false);
    return true;
  }

  /** Everything to do now: segments and ACKs to send, messages to deliver, events. */
  poll(nowMs: number): ChannelOutput {
    this.#touch(nowMs);
    if (this.#receiver.checkTimeout(nowMs)) this.#ackSoon(nowMs, true);
    const outgoing: (Segment | Ack)[] = [];
    if (this.#ackDueAtMs !== undefined && nowMs >= this.#ackDueAtMs) {
      this.#ackDueAtMs = undefined;
      if (this.#peerSession !== 0) {
        const peerSession = this.#receiver.rewindPending ? 0 : this.#peerSession;
        outgoing.push({ type: 'ACK', session: this.localSession, peerSession, ack: this.#receiver.advertise() });
        this.#stats.acksSent++;
      }
    }
    for (const stranger of this.#strangers) {
      outgoing.push({ type: 'ACK', session: this.localSession, peerSession: stranger, ack: 0 });
      this.#stats.strangerReplies++;
    }
    this.#strangers.clear();
    const segments: Segment[] = [];
    this.#sender.collect(nowMs, this.localSession, this.#peerSession, segments);
    outgoing.push(...segments);
    const events = this.#events;
    this.#events = [];
    return { outgoing, delivered: this.#receiver.takeDelivered(), events };
  }

  /**
   * When `poll` next has work: the earliest retransmission, delayed-ACK or reassembly deadline, or the time of
   * the last call when something is ready now; undefined when idle.
   */
  nextWakeAtMs(): number | undefined {
    const ready =
      this.#events.length > 0 ||
      this.#strangers.size > 0 ||
      this.#receiver.hasDelivered ||
      this.#sender.canSend(this.#peerSession !== 0);
    if (ready) return this.#lastNowMs;
    let earliest = this.#sender.nextDeadlineMs();
    for (const candidate of [this.#ackDueAtMs, this.#receiver.timeoutAtMs()]) {
      if (candidate !== undefined && (earliest === undefined || candidate < earliest)) earliest = candidate;
    }
    return earliest;
  }

  #onSegment(segment: Segment, nowMs: number): void {
    if (segment.peerSession === 0) {
      // First contact (the sender does not know us): learn it, answer, accept no data yet.
      if (segment.session !== this.#peerSession) this.#learnPeer(segment.session);
      this.#ackSoon(nowMs, true);
      return;
    }
    if (segment.peerSession !== this.localSession) {
      this.#answerStranger(segment.session);
      return;
    }
    if (segment.session !== this.#peerSession) this.#learnPeer(segment.session);
    const outcome = this.#receiver.onSegment(segment, nowMs);
    this.#ackSoon(nowMs, outcome !== 'in-order');
  }

  #onAck(ack: Ack, nowMs: number): void {
    if (ack.peerSession === 0) {
      // Rewind request: the peer dropped a partial message of ours and needs it again from ack + 1.
      if (ack.session !== this.#peerSession) {
        this.#stats.stale++;
        return;
      }
      if (this.#sender.onAck(ack.ack) === 'bogus') this.#stats.stale++;
      this.#sender.rewind(ack.ack, nowMs);
      return;
    }
    if (ack.peerSession !== this.localSession) {
      this.#answerStranger(ack.session);
      return;
    }
    if (ack.session !== this.#peerSession) {
      // A new peer incarnation tells us its session; its ack value refers to nothing we sent it.
      this.#learnPeer(ack.session);
      return;
    }
    if (this.#sender.onAck(ack.ack) === 'bogus') this.#stats.stale++;
  }

  /** The peer is now `session`: new pairing on both halves, and the application is told. */
  #learnPeer(session: number): void {
    const oldSession = this.#peerSession;
    if (oldSession !== 0) {
      this.#retired.push(oldSession);
      if (this.#retired.length > MAX_RETIRED_SESSIONS) this.#retired.shift();
    }
    this.#peerSession = session;
    this.#receiver.reset();
    this.#sender.renumber();
    this.#ackDueAtMs = undefined;
    this.#stats.peerSessionChanges++;
    this.#event({ kind: 'peer-session-changed', oldSession, newSession: session });
  }

  #answerStranger(session: number): void {
    if (this.#strangers.size < MAX_STRANGER_REPLIES) this.#strangers.add(session);
  }

  #ackSoon(nowMs: number, immediate: boolean): void {
    const dueMs = immediate ? nowMs : nowMs + this.config.ackDelayMs;
    if (this.#ackDueAtMs === undefined || dueMs < this.#ackDueAtMs) this.#ackDueAtMs = dueMs;
  }

  #event(event: ChannelEvent): void {
    if (this.#events.length < MAX_PENDING_EVENTS) this.#events.push(event);
    else this.#stats.eventsDropped++;
  }

  #touch(nowMs: number): void {
    if (nowMs > this.#lastNowMs) this.#lastNowMs = nowMs;
  }
}

function isSession(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 0xffff_ffff;
}

import type { AeadBackend } from '../aead.ts';
import { DEFAULT_AEAD } from '../aead-sodium.ts';
import { ReliableChannel, type ChannelOutput } from '../channel/index.ts';
import { decodeMessage, encodeMessage } from '../codec.ts';
import { parseHeader } from '../datagram-header.ts';
import { DecodeError } from '../errors.ts';
import { hostIdOf, keyIdHexOf, keyIdOf } from '../keys.ts';
import type { Message, Startup } from '../messages.ts';
import { NonceCounter } from '../nonce-counter.ts';
import { includedKey, openDatagram, plainBody, plainDatagram, sealDatagramWithKey } from '../seal.ts';
import { PeerTable, type PeerEntry } from './peer-table.ts';
import type { LinkDelivery, LinkInit, LinkOutput, LinkReceived, LinkStats, OutgoingDatagram } from './types.ts';

/**
 * One process's secure endpoint: turns messages into sealed datagrams and datagrams back into authenticated
 * messages, and runs one reliable channel per remote host (DESIGN §3, docs/protocol.md). Pure: no sockets, no
 * clock — the shell passes bytes and `nowMs` in, and sends what `poll` returns to the addresses it knows.
 *
 * Every sealed datagram carries our public key (flag bit 1), so a receiver that lost its cache (a restarted
 * CMA) or never knew us (a martian check, trust on first use) can still authenticate us.
 */
export class Link {
  readonly hostId: string;
  readonly publicKey: Uint8Array;
  readonly #keyId: Uint8Array;
  readonly #init: LinkInit;
  readonly #peers: PeerTable;
  readonly #nonce: NonceCounter;
  readonly #aead: AeadBackend;
  /** hostId → channel; bounded by maxChannels. */
  readonly #channels = new Map<string, ReliableChannel>();
  /** Channels touched since the last poll; ⊆ #channels. */
  readonly #dirty = new Set<string>();
  /** Channels with a future deadline → that deadline; ⊆ #channels. */
  readonly #timed = new Map<string, number>();
  #earliestTimedMs: number | undefined;
  #budgetSecond = -1;
  #budgetLeft = 0;
  readonly stats: LinkStats = { sealed: 0, opened: 0, plainStartups: 0, keysLearned: 0, derivationsRefused: 0, badPayloads: 0, sendsRefused: 0 };

  constructor(init: LinkInit) {
    this.#init = init;
    this.publicKey = init.keyPair.publicKey;
    this.hostId = hostIdOf(this.publicKey);
    this.#keyId = keyIdOf(this.publicKey);
    this.#peers = new PeerTable(init.keyPair, init.maxPeers);
    this.#nonce = new NonceCounter(init.startWallMs);
    this.#aead = init.aead ?? DEFAULT_AEAD;
  }

  /** Registers a remote key we were told about (CMA key, ring peer); returns its host id. Pinned: never evicted. */
  addPeer(publicKey: Uint8Array): string {
    const known = this.#peers.byKeyId(keyIdHexOf(publicKey));
    if (known !== undefined && sameBytes(known.publicKey, publicKey)) {
      known.pinned = true;
      return known.hostId;
    }
    return this.#peers.insert(this.#peers.derive(publicKey, true)).hostId;
  }

  /** Forgets that a host was pinned (its key stays cached until evicted). */
  unpinPeer(hostId: string): void {
    this.#peers.unpin(hostId);
  }

  /** The public key of a known host. */
  publicKeyOf(hostId: string): Uint8Array | undefined {
    return this.#peers.byHostId(hostId)?.publicKey;
  }

  /** A sealed datagram carrying `msg` to a known host (HEARTBEAT, PING, PONG: no reliability). */
  seal(toHostId: string, msg: Message): Uint8Array {
    const peer = this.#peers.byHostId(toHostId);
    if (peer === undefined) throw new RangeError(`Link.seal: no key for host ${toHostId} (addPeer first)`);
    return this.#sealBody(peer, encodeMessage(msg));
  }

  /** A plain datagram carrying our STARTUP (for a CMA whose key we do not know yet). */
  plainStartup(msg: Startup): Uint8Array {
    return plainDatagram(this.#keyId, this.#nonce.take(), encodeMessage(msg));
  }

  /** Queues `msg` on the reliable channel to a known host. False when refused (queue full, too many channels). */
  sendReliable(toHostId: string, msg: Message, nowMs: number): boolean {
    if (this.#peers.byHostId(toHostId) === undefined) throw new RangeError(`Link.sendReliable: no key for host ${toHostId} (addPeer first)`);
    const channel = this.#channel(toHostId);
    if (channel === undefined || !channel.send(encodeMessage(msg), nowMs)) {
      this.stats.sendsRefused++;
      return false;
    }
    this.#dirty.add(toHostId);
    return true;
  }

  /** The application durably handled delivery `seq` from `fromHostId` (the ACK may now cover it). */
  commit(fromHostId: string, seq: number, nowMs: number): void {
    const channel = this.#channels.get(fromHostId);
    if (channel !== undefined && channel.commit(seq, nowMs)) this.#dirty.add(fromHostId);
  }

  /** Messages queued to a host and not yet acknowledged. */
  queued(hostId: string): number {
    return this.#channels.get(hostId)?.queueLength ?? 0;
  }

  /**
   * Authenticates and decodes one datagram. Throws only {@link DecodeError} (the shell counts it by code and drops
   * the datagram); nothing that fails authentication changes any state.
   */
  receive(bytes: Uint8Array, nowMs: number): LinkReceived {
    const header = parseHeader(bytes);
    if (!header.sealed) return this.#receivePlain(bytes, header.keyIdHex, plainBody(bytes, header));
    // A known key id opens with the known key's link key: the tag then proves the sender holds that key, so an
    // included key that differs (a key-id collision, a forgery) simply fails authentication.
    let peer = this.#peers.byKeyId(header.keyIdHex);
    let learned = false;
    if (peer === undefined) {
      peer = this.#learn(includedKey(bytes, header), header.keyIdHex, nowMs);
      learned = true;
    }
    if (!peer.window.check(header.counter)) {
      throw new DecodeError('PROTO_REPLAY', `counter ${header.counter} already seen or too old`, { keyIdHex: header.keyIdHex });
    }
    const body = openDatagram(bytes, header, peer.recvKey, this.#aead);
    if (learned) {
      this.#peers.insert(peer);
      this.stats.keysLearned++;
    }
    peer.window.commit(header.counter);
    this.stats.opened++;
    const msg = decodeMessage(body);
    if (msg.type === 'SEGMENT' || msg.type === 'ACK') {
      const channel = this.#channel(peer.hostId);
      if (channel !== undefined) {
        channel.receive(msg, nowMs);
        this.#dirty.add(peer.hostId);
      }
      return { kind: 'channel', from: peer.hostId };
    }
    return { kind: 'message', from: peer.hostId, msg };
  }

  /** Work due now: datagrams to send, deliveries, channel events. */
  poll(nowMs: number): LinkOutput {
    const out: LinkOutput = { datagrams: [], delivered: [], events: [] };
    if (this.#earliestTimedMs !== undefined && nowMs >= this.#earliestTimedMs) {
      for (const [hostId, atMs] of this.#timed) if (atMs <= nowMs) this.#dirty.add(hostId);
    }
    const hosts = [...this.#dirty];
    this.#dirty.clear();
    for (const hostId of hosts) {
      const channel = this.#channels.get(hostId);
      if (channel === undefined) continue;
      this.#drain(hostId, channel, channel.poll(nowMs), out, nowMs);
      const nextMs = channel.nextWakeAtMs();
      if (nextMs === undefined) this.#timed.delete(hostId);
      else if (nextMs <= nowMs) this.#dirty.add(hostId);
      else this.#timed.set(hostId, nextMs);
    }
    this.#earliestTimedMs = undefined;
    for (const atMs of this.#timed.values()) if (this.#earliestTimedMs === undefined || atMs < this.#earliestTimedMs) this.#earliestTimedMs = atMs;
    return out;
  }

  /** When `poll` next has work (undefined: idle until something is received or sent). */
  nextWakeAtMs(nowMs: number): number | undefined {
    return this.#dirty.size > 0 ? nowMs : this.#earliestTimedMs;
  }

  #drain(hostId: string, channel: ReliableChannel, result: ChannelOutput, out: LinkOutput, nowMs: number): void {
    const peer = this.#peers.byHostId(hostId);
    if (peer !== undefined) {
      for (const segment of result.outgoing) out.datagrams.push(this.#outgoing(peer, segment));
    }
    for (const delivery of result.delivered) {
      let msg: Message;
      try {
        msg = decodeMessage(delivery.payload);
      } catch {
        this.stats.badPayloads++;
        channel.commit(delivery.seq, nowMs);
        continue;
      }
      out.delivered.push({ from: hostId, seq: delivery.seq, msg } satisfies LinkDelivery);
    }
    for (const event of result.events) out.events.push({ from: hostId, event });
  }

  #outgoing(peer: PeerEntry, msg: Message): OutgoingDatagram {
    return { to: peer.hostId, bytes: this.#sealBody(peer, encodeMessage(msg)) };
  }

  #sealBody(peer: PeerEntry, body: Uint8Array): Uint8Array {
    this.stats.sealed++;
    return sealDatagramWithKey(peer.sendKey, this.publicKey, this.#keyId, this.#nonce.take(), body, undefined, this.#aead);
  }

  #receivePlain(bytes: Uint8Array, keyIdHex: string, body: Uint8Array): LinkReceived {
    if (!this.#init.acceptPlainStartup) throw new DecodeError('PROTO_PLAIN_NOT_ALLOWED', 'plain datagram refused', { length: bytes.length });
    const msg = decodeMessage(body);
    if (msg.type !== 'STARTUP') throw new DecodeError('PROTO_PLAIN_NOT_ALLOWED', `plain ${msg.type} refused: only STARTUP may travel plain`);
    if (hostIdOf(msg.publicKey) !== msg.hostId || keyIdHexOf(msg.publicKey) !== keyIdHex) {
      throw new DecodeError('PROTO_BAD_FIELD', 'STARTUP host id or header key id does not match its public key', { field: 'hostId' });
    }
    this.stats.plainStartups++;
    return { kind: 'startup', msg };
  }

  /** Derives the key of an unknown sender from the key its datagram carries (not stored until authenticated). */
  #learn(carried: Uint8Array | undefined, keyIdHex: string, nowMs: number): PeerEntry {
    if (carried === undefined || !this.#init.acceptUnknownSenders) {
      throw new DecodeError('PROTO_UNKNOWN_KEY', 'sender key id is not known', { keyIdHex });
    }
    if (keyIdHexOf(carried) !== keyIdHex) throw new DecodeError('PROTO_BAD_FIELD', 'included key does not match the header key id', { field: 'keyId' });
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#budgetSecond) {
      this.#budgetSecond = second;
      this.#budgetLeft = this.#init.maxKeyDerivationsPerSecond;
    }
    if (this.#budgetLeft <= 0) {
      this.stats.derivationsRefused++;
      throw new DecodeError('PROTO_UNKNOWN_KEY', 'too many unknown keys this second; try again', { keyIdHex });
    }
    this.#budgetLeft--;
    try {
      return this.#peers.derive(carried, false);
    } catch (err) {
      throw new DecodeError('PROTO_BAD_FIELD', 'included key is not a usable X25519 key', { field: 'key' }, { cause: err });
    }
  }

  #channel(hostId: string): ReliableChannel | undefined {
    let channel = this.#channels.get(hostId);
    if (channel === undefined) {
      if (this.#channels.size >= this.#init.maxChannels) return undefined;
      channel = new ReliableChannel({ localSession: this.#init.localSession, ...(this.#init.channel === undefined ? {} : { config: this.#init.channel }) });
      this.#channels.set(hostId, channel);
    }
    return channel;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

import type { AeadBackend } from '../aead.ts';
import type { ChannelConfig, ChannelEvent } from '../channel/index.ts';
import type { KeyPair } from '../keys.ts';
import type { Message, Startup } from '../messages.ts';

/** Options of a {@link Link}. */
export interface LinkInit {
  /** Our X25519 key pair (the host id is its fingerprint). */
  readonly keyPair: KeyPair;
  /** Wall-clock ms at process start: seeds the nonce counter so a restart never reuses a nonce. */
  readonly startWallMs: number;
  /** Our reliable-channel session (u32 ≠ 0, random per process start). */
  readonly localSession: number;
  /** Reliable-channel tuning (the nanoprobe sets `autoCommit`). */
  readonly channel?: Partial<ChannelConfig>;
  /** Accept plain STARTUP datagrams (the CMA does; nanoprobes do not). */
  readonly acceptPlainStartup: boolean;
  /** Accept sealed datagrams from senders we were not told about, deriving their key from the datagram. */
  readonly acceptUnknownSenders: boolean;
  /** Remote keys cached at most (pinned ones excepted). */
  readonly maxPeers: number;
  /** Reliable channels kept at most; a message for one more is refused (counted). */
  readonly maxChannels: number;
  /** ChaCha20-Poly1305 implementation (default: libsodium when loadable, else node:crypto; same bytes). */
  readonly aead?: AeadBackend;
  /** New unknown keys derived per second at most (X25519 is costly: a flood of strangers must not starve us). */
  readonly maxKeyDerivationsPerSecond: number;
}

/** What one received datagram turned out to be. */
export type LinkReceived =
  /** A plain STARTUP whose host id matches its key (the CMA registers it). */
  | { readonly kind: 'startup'; readonly msg: Startup }
  /** A sealed, authenticated message outside the reliable channel (HEARTBEAT, PING, PONG, …). */
  | { readonly kind: 'message'; readonly from: string; readonly msg: Message }
  /** A SEGMENT or ACK, handed to the sender's channel: `poll` has whatever it produced. */
  | { readonly kind: 'channel'; readonly from: string };

/** A datagram to put on the wire, for the host whose address the shell knows. */
export interface OutgoingDatagram {
  readonly to: string;
  readonly bytes: Uint8Array;
}

/** An application message delivered in order by a reliable channel; `commit` it once durably handled. */
export interface LinkDelivery {
  readonly from: string;
  readonly seq: number;
  readonly msg: Message;
}

/** Everything a `poll` hands the shell. */
export interface LinkOutput {
  readonly datagrams: OutgoingDatagram[];
  readonly delivered: LinkDelivery[];
  readonly events: { readonly from: string; readonly event: ChannelEvent }[];
}

/** Counters; they only grow. */
export interface LinkStats {
  sealed: number;
  opened: number;
  plainStartups: number;
  keysLearned: number;
  /** Unknown keys refused because the derivation budget was spent. */
  derivationsRefused: number;
  /** Delivered channel payloads that did not decode (consumed and committed so the channel moves on). */
  badPayloads: number;
  /** Reliable sends refused: queue full or too many channels. */
  sendsRefused: number;
}

export const DEFAULT_LINK_LIMITS = {
  maxPeers: 4_096,
  maxChannels: 4_096,
  maxKeyDerivationsPerSecond: 2_000,
} as const;

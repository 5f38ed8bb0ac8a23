import { deflateSync, inflateSync } from 'node:zlib';
import { DecodeError, EncodeError } from '../errors.ts';
import type { ChannelConfig } from './config.ts';

/** An application message cut into segment-sized pieces. */
export interface Fragmented {
  /** The pieces, in order; at least one (an empty message is one empty fragment). */
  readonly fragments: readonly Uint8Array[];
  /** The pieces joined are a zlib stream of the message. */
  readonly compressed: boolean;
}

/**
 * Copies `payload`, deflates it when longer than `compressAboveBytes` and deflating makes it smaller, and cuts it
 * into `maxSegmentDataBytes` pieces. Throws `EncodeError` for a payload over `maxMessageBytes`.
 */
export function fragmentPayload(payload: Uint8Array, config: ChannelConfig): Fragmented {
  if (payload.length > config.maxMessageBytes) {
    throw new EncodeError(`message of ${payload.length} bytes exceeds maxMessageBytes (${config.maxMessageBytes})`);
  }
  let body: Uint8Array = new Uint8Array(payload);
  let compressed = false;
  if (payload.length > config.compressAboveBytes) {
    const deflated = deflateSync(payload);
    if (deflated.length < payload.length) {
      body = plain(deflated);
      compressed = true;
    }
  }
  const size = config.maxSegmentDataBytes;
  const fragments: Uint8Array[] = [];
  for (let offset = 0; offset < body.length || fragments.length === 0; offset += size) {
    fragments.push(body.subarray(offset, offset + size));
  }
  return { fragments, compressed };
}

/** Joins reassembled pieces and inflates them (bounded by `maxMessageBytes`), or throws `DecodeError`. */
export function joinFragments(chunks: readonly Uint8Array[], compressed: boolean, maxMessageBytes: number): Uint8Array {
  const joined = concat(chunks);
  if (!compressed) return plain(joined);
  let inflated: Buffer;
  try {
    inflated = inflateSync(joined, { maxOutputLength: maxMessageBytes });
  } catch (err) {
    if (err instanceof RangeError) {
      throw new DecodeError('PROTO_MESSAGE_TOO_LARGE', `inflates to more than ${maxMessageBytes} bytes`, {}, { cause: err });
    }
    throw new DecodeError('PROTO_DECOMPRESS', 'compressed message does not inflate', {}, { cause: err });
  }
  return plain(inflated);
}

/** A plain `Uint8Array` view of `bytes` (a Buffer from zlib or the codec would compare unlike one). */
function plain(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * The content hash of a discovery payload (DESIGN §6, docs/discovery.md): SHA-256 (hex) of its canonical JSON —
 * object keys sorted (integer-like keys first, in numeric order, as JSON.stringify orders them), `undefined`
 * members dropped, byte arrays as lower-case hex strings, non-finite numbers as null. Two payloads with the same
 * content hash the same whatever order their keys were built in, so "changed" means changed. Both sides need it:
 * the nanoprobe hashes what it sends, the CMA verifies a payload it rebuilt from a diff.
 *
 * The hash is computed by streaming the canonical text into SHA-256 in 64 KiB pieces: no canonical copy of the
 * payload and no whole JSON string is built (a 10k-socket netstat payload is ≈ 1 MB of text).
 */
import { createHash } from 'node:crypto';

/** Canonical JSON text of `value` (see the module comment). */
export function canonicalJson(value: unknown): string {
  let out = '';
  writeCanonicalJson(value, (s) => {
    out += s;
  });
  return out;
}

/** `value` as plain canonical data: what is hashed, and what is sent. */
export function canonical(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : canonical(v)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = canonical(v);
    }
    return out;
  }
  return null;
}

/**
 * `value` itself when it already is canonical data (plain objects and arrays of strings, finite numbers,
 * booleans and null, no `undefined` member), else {@link canonical}'s copy. Walks without allocating.
 */
export function canonicalData(value: unknown): unknown {
  return isCanonicalData(value, 0) ? value : canonical(value);
}

function isCanonicalData(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 256) return false;
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) if (!isCanonicalData(v, depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || !isCanonicalData((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Array-index-like keys (what JSON.stringify puts first, in numeric order). */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

function isIndexKey(k: string): boolean {
  return INDEX_KEY.test(k) && Number(k) < 4_294_967_295;
}

/** Keys in the order JSON.stringify(canonical(x)) prints them. */
function canonicalKeys(obj: object): string[] {
  const keys = Object.keys(obj).sort();
  if (!keys.some(isIndexKey)) return keys;
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isIndexKey(k))];
}

/**
 * Writes the canonical JSON text of `value` to `write` piece by piece (exactly `JSON.stringify(canonical(value))`,
 * which fast-check checks in test/unit/protocol/content-hash.test.ts).
 */
export function writeCanonicalJson(value: unknown, write: (piece: string) => void): void {
  const scalar = scalarJson(value);
  if (scalar !== undefined) {
    write(scalar);
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      if (i > 0) write(',');
      writeCanonicalJson(items[i] ?? null, write);
    }
    write(']');
    return;
  }
  write('{');
  let first = true;
  for (const key of canonicalKeys(value as object)) {
    const v = (value as Record<string, unknown>)[key];
    // canonical() assigns to a fresh object: `__proto__` would set its prototype, not a member.
    if (v === undefined || typeof v === 'function' || key === '__proto__') continue;
    write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    writeCanonicalJson(v, write);
  }
  write('}');
}

/** The JSON text of anything but an array or a plain object (undefined for those). */
function scalarJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      return value instanceof Uint8Array ? JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')) : undefined;
    default:
      return 'null';
  }
}

/** Canonical text is encoded into a buffer of this many bytes, hashed each time it fills. */
const HASH_BATCH_BYTES = 64 * 1024;

/**
 * SHA-256 hex of the canonical JSON of `value` and its length in characters, streamed: the pieces are written
 * as UTF-8 into one reused 64 KiB buffer (no string concatenation, whose rope nodes would outlive young-generation
 * collections on a 1 MB payload).
 */
export function contentHashAndLength(value: unknown): { hash: string; chars: number } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(HASH_BATCH_BYTES);
  let used = 0;
  let chars = 0;
  writeCanonicalJson(value, (piece) => {
    chars += piece.length;
    if (used + piece.length * 3 > HASH_BATCH_BYTES) {
      hash.update(buf.subarray(0, used));
      used = 0;
      if (piece.length * 3 > HASH_BATCH_BYTES) {
        hash.update(piece, 'utf8');
        return;
      }
    }
    used += buf.write(piece, used, 'utf8');
  });
  hash.update(buf.subarray(0, used));
  return { hash: hash.digest('hex'), chars };
}

/** SHA-256 hex of the canonical JSON of `value`, streamed (see the module comment). */
export function contentHash(value: unknown): string {
  return contentHashAndLength(value).hash;
}

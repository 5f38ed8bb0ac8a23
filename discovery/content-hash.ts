/**
 * The content hash of a discovery payload: SHA-256 (hex) of its canonical JSON — object keys sorted, `undefined`
 * members dropped, byte arrays as lower-case hex strings, non-finite numbers as null. Two payloads with the same
 * content hash the same whatever order their keys were built in, so "changed" means changed.
 */
import { createHash } from 'node:crypto';

/** Canonical JSON text of `value` (see the module comment). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
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

/** SHA-256 hex of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

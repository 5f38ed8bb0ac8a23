/**
 * Batch validation shared by every GraphStore: a batch is checked whole before anything of it is written, so a
 * malformed record rejects the batch with STORE_BAD_BATCH and nothing is applied (all or nothing).
 */
import { FACT_KINDS } from '../discovery/index.ts';
import { StoreError } from './errors.ts';
import { EVENT_TYPES, HOST_STATUSES, type StoreBatch } from './graph-store.ts';

const CHANGE_KINDS: ReadonlySet<string> = new Set(['ring-add', 'ring-remove', 'member-add', 'member-remove', 'edge-add', 'edge-remove']);

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

/** Throws STORE_BAD_BATCH for the first malformed record. */
export function validateBatch(batch: StoreBatch): void {
  const bad = (what: string, details: Record<string, unknown>): never => {
    throw new StoreError('STORE_BAD_BATCH', what, details);
  };
  for (const h of batch.hosts) {
    if (!isText(h.hostId)) bad('host without a valid hostId', { hostId: h.hostId });
    if (!(HOST_STATUSES as readonly string[]).includes(h.status)) bad(`host ${h.hostId} has unknown status`, { status: h.status });
  }
  for (const c of batch.ringChanges) {
    if (!CHANGE_KINDS.has(c.kind)) bad('unknown ring change kind', { change: c });
  }
  for (const e of batch.events) {
    if (!isText(e.id)) bad('event without an id', { event: e });
    if (!(EVENT_TYPES as readonly string[]).includes(e.type)) bad(`event ${e.id} has unknown type`, { type: e.type });
    if (!Number.isFinite(e.wallMs)) bad(`event ${e.id} has no time`, { wallMs: e.wallMs });
  }
  for (const d of batch.discovery) {
    if (!isText(d.hostId) || !isText(d.kind)) bad('discovery record without host or kind', { hostId: d.hostId, kind: d.kind });
  }
  for (const f of batch.facts ?? []) {
    if (!isText(f.hostId) || !(FACT_KINDS as readonly string[]).includes(f.kind) || !Number.isSafeInteger(f.wallMs)) bad('discovery facts without host, known kind or time', { hostId: f.hostId, kind: f.kind });
  }
}

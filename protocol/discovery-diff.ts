/**
 * DISCOVERY diffs (`full: false`, docs/discovery.md "Diffs"): what changed in a kind's payload since the state
 * the CMA acknowledged, on keyed records. Pure; both sides use it — the nanoprobe builds a diff from what it
 * remembers of the acknowledged state (an index of digests, not the payload), the CMA applies it to the payload
 * it holds and checks the result against the message's content hash.
 *
 * A payload is a plain object. Each member is either
 * - a **keyed list** — an array of objects named in {@link DIFF_KEYS} for the kind, strictly increasing by its
 *   key under {@link compareKeyParts} (the payload builders sort that way): the diff names the records removed
 *   (by key) and the records added or changed (whole), and applying it sorts the list by key again; or
 * - anything else (a scalar, an object, an unkeyed or unsorted list): replaced whole when it changed (`set`),
 *   removed when gone (`unset`).
 *
 * Wire form of the diff (the DISCOVERY payload when `full` is false):
 * `{ base: <hash of the acknowledged state>, set: {member: value}, unset: [member],
 *    lists: {member: { key: [field…], remove: [[keyPart…]…], upsert: [record…] }} }`.
 */
import { canonicalJson } from './content-hash.ts';

/** Key fields of each kind's keyed lists (the payload builders sort those lists by these keys). */
export const DIFF_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = Object.freeze({
  netstat: { processes: ['pid'], listeners: ['proto', 'address', 'port'], connections: ['proto', 'localAddress', 'remoteAddress', 'remotePort'] },
  arp: { neighbours: ['device', 'ip'] },
  inventory: { nics: ['name'], packages: ['name', 'architecture'] },
});

/** One part of a record key. */
export type KeyPart = string | number;

/** A keyed list's change. */
export interface ListDiff {
  readonly key: readonly string[];
  readonly remove: readonly (readonly KeyPart[])[];
  readonly upsert: readonly Readonly<Record<string, unknown>>[];
}

/** The payload of a DISCOVERY with `full: false`. */
export interface DiscoveryDiff {
  /** Content hash of the state this diff applies to (the one the CMA acknowledged). */
  readonly base: string;
  readonly set: Readonly<Record<string, unknown>>;
  readonly unset: readonly string[];
  readonly lists: Readonly<Record<string, ListDiff>>;
}

/**
 * Total order of record keys: part by part, numbers before strings, numbers numerically, strings by UTF-16
 * code unit; a shorter key that is a prefix comes first.
 */
export function compareKeyParts(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as KeyPart;
    const y = b[i] as KeyPart;
    if (x === y) continue;
    if (typeof x === 'number') {
      if (typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
      return -1;
    }
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** What is remembered of one member of a sent state. */
type MemberIndex =
  | { readonly list: false; readonly digest: number }
  | { readonly list: true; readonly key: readonly string[]; readonly records: ReadonlyMap<string, number> };

/**
 * What a nanoprobe keeps of a state it sent, to diff the next one against it: per member a digest, per keyed
 * record its key and a digest (53 bits: two FNV-1a lanes over its canonical JSON — a number, no hash object and
 * no digest string per record, which keeps a 10k-record index at ≈ 1 MB). A digest collision could only make a
 * diff miss a change — which the CMA's content-hash check (SHA-256 of the whole state) turns into a request for
 * a full report, never into a wrong graph.
 */
export interface PayloadIndex {
  readonly hash: string;
  readonly members: ReadonlyMap<string, MemberIndex>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 53-bit FNV-1a digest of `text` (two 32-bit lanes with different offsets; UTF-16 code units). */
function fnv53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) >>> 11);
}

function digestOf(value: unknown): { digest: number; chars: number } {
  const text = canonicalJson(value);
  return { digest: fnv53(text), chars: text.length };
}

/** The key parts of `record`, or undefined when it is no object or a key field is no string or finite number. */
function keyOf(record: unknown, key: readonly string[]): KeyPart[] | undefined {
  if (!isPlainObject(record)) return undefined;
  const parts: KeyPart[] = [];
  for (const field of key) {
    const v = record[field];
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) parts.push(v);
    else return undefined;
  }
  return parts;
}

/** Whether every record has its key and the list is strictly increasing by key (else it is diffed whole). */
function isKeyedList(list: readonly unknown[], key: readonly string[]): boolean {
  let prev: KeyPart[] | undefined;
  for (const r of list) {
    const k = keyOf(r, key);
    if (k === undefined || (prev !== undefined && compareKeyParts(prev, k) >= 0)) return false;
    prev = k;
  }
  return true;
}

/** What {@link indexAndDiff} gives: the index of `next`, and a diff when one applies and is smaller. */
export interface IndexAndDiff {
  readonly index: PayloadIndex | undefined;
  readonly diff: DiscoveryDiff | undefined;
  /** Canonical JSON length of the whole payload and of the diff's changed parts (what the choice compared). */
  readonly fullChars: number;
  readonly diffChars: number;
}

/**
 * Indexes `next` (content hash `hash`) and, given the index of the acknowledged state, diffs it: the diff is
 * returned only when its changed parts are smaller than the whole payload. A payload that is not a plain object
 * has no index (it is always sent whole). `always` returns the diff even when it is not smaller (tests).
 */
export function indexAndDiff(kind: string, next: unknown, hash: string, base: PayloadIndex | undefined, always = false): IndexAndDiff {
  if (!isPlainObject(next)) return { index: undefined, diff: undefined, fullChars: 0, diffChars: 0 };
  const keys = DIFF_KEYS[kind] ?? {};
  const members = new Map<string, MemberIndex>();
  const set: Record<string, unknown> = {};
  const lists: Record<string, ListDiff> = {};
  let fullChars = 0;
  let diffChars = 0;
  for (const member of Object.keys(next).sort()) {
    const value = next[member];
    if (value === undefined) continue;
    const key = keys[member];
    const keyed = key !== undefined && Array.isArray(value) && isKeyedList(value as unknown[], key);
    const old = base?.members.get(member);
    if (key === undefined || !keyed) {
      const d = digestOf(value);
      members.set(member, { list: false, digest: d.digest });
      fullChars += d.chars;
      if (old?.list !== false || old.digest !== d.digest) {
        set[member] = value;
        diffChars += d.chars;
      }
      continue;
    }
    const records = new Map<string, number>();
    const upsert: Readonly<Record<string, unknown>>[] = [];
    const oldRecords = old?.list === true && old.key.join('\0') === key.join('\0') ? old.records : undefined;
    for (const record of value as Readonly<Record<string, unknown>>[]) {
      const keyText = JSON.stringify(keyOf(record, key));
      const d = digestOf(record);
      records.set(keyText, d.digest);
      fullChars += d.chars + 1;
      if (oldRecords?.get(keyText) !== d.digest) {
        upsert.push(record);
        diffChars += d.chars + 1;
      }
    }
    members.set(member, { list: true, key, records });
    if (oldRecords === undefined) {
      set[member] = value;
      continue;
    }
    const remove: KeyPart[][] = [];
    for (const keyText of oldRecords.keys()) {
      if (!records.has(keyText)) {
        remove.push(JSON.parse(keyText) as KeyPart[]);
        diffChars += keyText.length + 1;
      }
    }
    if (remove.length > 0 || upsert.length > 0) lists[member] = { key, remove, upsert };
  }
  const index: PayloadIndex = { hash, members };
  if (base === undefined) return { index, diff: undefined, fullChars, diffChars: fullChars };
  const unset = [...base.members.keys()].filter((m) => !members.has(m)).sort();
  const diff = always || diffChars < fullChars ? { base: base.hash, set, unset, lists } : undefined;
  return { index, diff, fullChars, diffChars };
}

/** Why a diff could not be applied (the CMA asks for a full report). */
export class DiffApplyError extends Error {
  readonly code = 'PROTO_BAD_DIFF';
  constructor(message: string) {
    super(message);
    this.name = 'DiffApplyError';
  }
}

function fail(message: string): never {
  throw new DiffApplyError(message);
}

function isKeyPart(v: unknown): v is KeyPart {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** Checks the wire shape of a diff payload (it came off the wire as `unknown`). Throws {@link DiffApplyError}. */
export function asDiscoveryDiff(payload: unknown): DiscoveryDiff {
  if (!isPlainObject(payload)) fail('diff payload is not an object');
  const { base, set, unset, lists } = payload;
  if (typeof base !== 'string') fail('diff without a base hash');
  if (!isPlainObject(set)) fail('diff set is not an object');
  if (!Array.isArray(unset) || !unset.every((m) => typeof m === 'string')) fail('diff unset is not a list of names');
  if (!isPlainObject(lists)) fail('diff lists is not an object');
  for (const [member, l] of Object.entries(lists)) {
    if (!isPlainObject(l)) fail(`diff list ${member} is not an object`);
    const { key, remove, upsert } = l;
    if (!Array.isArray(key) || key.length === 0 || !key.every((f) => typeof f === 'string')) fail(`diff list ${member}: bad key`);
    if (!Array.isArray(remove) || !remove.every((k) => Array.isArray(k) && k.length === key.length && k.every(isKeyPart))) fail(`diff list ${member}: bad remove`);
    if (!Array.isArray(upsert) || !upsert.every(isPlainObject)) fail(`diff list ${member}: bad upsert`);
  }
  return payload as unknown as DiscoveryDiff;
}

/**
 * `base` with `diff` applied: a new object (base is not changed). Throws {@link DiffApplyError} when the diff
 * does not fit the base (a list member that is no keyed list there, a removed key it lacks, a record without
 * its key). The caller still compares the result's content hash with the message's.
 */
export function applyDiscoveryDiff(base: unknown, diff: DiscoveryDiff): Record<string, unknown> {
  if (!isPlainObject(base)) fail('base payload is not an object');
  const unset = new Set(diff.unset);
  const out: Record<string, unknown> = {};
  for (const [m, v] of Object.entries(base)) if (!unset.has(m)) out[m] = v;
  for (const [m, v] of Object.entries(diff.set)) out[m] = v;
  for (const [m, l] of Object.entries(diff.lists)) {
    const old = base[m];
    if (!Array.isArray(old)) fail(`base has no list ${m}`);
    const byKey = new Map<string, { k: KeyPart[]; r: unknown }>();
    for (const r of old as unknown[]) {
      const k = keyOf(r, l.key) ?? fail(`base list ${m} has a record without its key`);
      byKey.set(JSON.stringify(k), { k, r });
    }
    for (const k of l.remove) if (!byKey.delete(JSON.stringify(k))) fail(`base list ${m} has no record ${JSON.stringify(k)}`);
    for (const r of l.upsert) {
      const k = keyOf(r, l.key) ?? fail(`upserted record of ${m} without its key`);
      byKey.set(JSON.stringify(k), { k, r });
    }
    out[m] = [...byKey.values()].sort((a, b) => compareKeyParts(a.k, b.k)).map((e) => e.r);
  }
  return out;
}

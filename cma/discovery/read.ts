/** Defensive readers for decoded payloads (plain data of unknown shape): wrong types read as absent. */

export type Obj = Readonly<Record<string, unknown>>;

export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
export const strings = (v: unknown): string[] => list(v).flatMap((x) => (typeof x === 'string' ? [x] : []));
export const ints = (v: unknown): number[] => list(v).flatMap((x) => (typeof x === 'number' && Number.isSafeInteger(x) ? [x] : []));
export const objs = (v: unknown): Obj[] => list(v).flatMap((x) => { const o = obj(x); return o === undefined ? [] : [o]; });

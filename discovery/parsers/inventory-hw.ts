/**
 * Host inventory, hardware part: /proc/cpuinfo (x86 "model name"/"physical id"/"core id" blocks, and arm64's
 * "CPU implementer"/"CPU part" blocks with no model name) and /proc/meminfo ("Key:  N kB" lines). Pure; odd
 * lines are warnings, nothing here throws.
 */
import { opt } from './optional.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** CPU summary. */
export interface CpuInfo {
  /** Logical CPUs (the `processor` blocks). */
  readonly logicalCpus: number;
  /** Distinct (physical id, core id) pairs when the file names them (x86), else undefined. */
  readonly physicalCores?: number;
  /** Distinct physical ids (x86), else undefined. */
  readonly sockets?: number;
  /** "model name" (x86), or "implementer 0x41 part 0xd0c" for arm64; undefined when neither is given. */
  readonly model?: string;
  /** vendor_id (x86) or the arm64 implementer's name when known. */
  readonly vendor?: string;
  /** cpu MHz of the first CPU (x86; the current, not the nominal, frequency). */
  readonly mhz?: number;
  /** x86 `flags` / arm64 `Features` of the first CPU. */
  readonly flags: readonly string[];
}

/** Arm Ltd. implementer codes (arch/arm64/include/asm/cputype.h), enough to name the common ones. */
const ARM_IMPLEMENTERS: Readonly<Record<string, string>> = {
  '0x41': 'ARM',
  '0x42': 'Broadcom',
  '0x43': 'Cavium',
  '0x46': 'Fujitsu',
  '0x48': 'HiSilicon',
  '0x4e': 'NVIDIA',
  '0x50': 'APM',
  '0x51': 'Qualcomm',
  '0x61': 'Apple',
  '0xc0': 'Ampere',
};

/** Largest flag list kept (x86 has ~150). */
const MAX_FLAGS = 512;

/** Parses /proc/cpuinfo. */
export function parseCpuinfo(input: TextInput): ParseResult<CpuInfo> {
  const sink = new WarningSink();
  const blocks: Map<string, string>[] = [];
  let block: Map<string, string> | undefined;
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') {
        block = undefined;
        return;
      }
      const colon = line.indexOf(':');
      if (colon < 0) {
        sink.warn(i + 1, 'line without a colon', line);
        return;
      }
      const key = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (key === 'processor' || block === undefined) {
        block = new Map();
        blocks.push(block);
      }
      if (!block.has(key)) block.set(key, value);
    });
  const cpus = blocks.filter((b) => b.has('processor'));
  if (cpus.length === 0 && blocks.length > 0) sink.warn(0, 'no processor blocks');
  const first = cpus[0] ?? new Map<string, string>();
  const pairs = new Set<string>();
  const sockets = new Set<string>();
  for (const b of cpus) {
    const phys = b.get('physical id');
    const core = b.get('core id');
    if (phys !== undefined) sockets.add(phys);
    if (phys !== undefined && core !== undefined) pairs.add(`${phys}/${core}`);
  }
  const implementer = first.get('CPU implementer')?.toLowerCase();
  const part = first.get('CPU part')?.toLowerCase();
  const model = first.get('model name') ?? first.get('Model') ?? (implementer !== undefined && part !== undefined ? `implementer ${implementer} part ${part}` : undefined);
  const vendor = first.get('vendor_id') ?? (implementer === undefined ? undefined : (ARM_IMPLEMENTERS[implementer] ?? implementer));
  const mhzText = first.get('cpu MHz');
  const mhz = mhzText === undefined ? undefined : Number(mhzText);
  if (mhz !== undefined && !Number.isFinite(mhz)) sink.warn(0, 'cpu MHz is not a number', mhzText);
  const flags = (first.get('flags') ?? first.get('Features') ?? '').split(/\s+/).filter((f) => f !== '').slice(0, MAX_FLAGS);
  return sink.result({
    logicalCpus: cpus.length,
    ...opt('physicalCores', pairs.size > 0 ? pairs.size : undefined),
    ...opt('sockets', sockets.size > 0 ? sockets.size : undefined),
    ...opt('model', model),
    ...opt('vendor', vendor),
    ...opt('mhz', mhz !== undefined && Number.isFinite(mhz) ? mhz : undefined),
    flags,
  });
}

/** Memory summary in bytes, plus every line of /proc/meminfo (bytes when it had a kB unit, else the count). */
export interface MemInfo {
  readonly totalBytes?: number;
  readonly availableBytes?: number;
  readonly freeBytes?: number;
  readonly swapTotalBytes?: number;
  readonly swapFreeBytes?: number;
  readonly fields: Readonly<Record<string, number>>;
}

/** Parses /proc/meminfo: "MemTotal:       24684084 kB" (kB is KiB); lines without a unit are counts (HugePages_Total). */
export function parseMeminfo(input: TextInput): ParseResult<MemInfo> {
  const sink = new WarningSink();
  const fields: Record<string, number> = Object.create(null) as Record<string, number>;
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const m = /^([^:\s][^:]*):\s*(\d+)(?:\s+(kB))?\s*$/.exec(line);
      if (m === null) {
        sink.warn(i + 1, 'not a "Key: N [kB]" line', line);
        return;
      }
      const n = Number(m[2]);
      if (!Number.isSafeInteger(n)) {
        sink.warn(i + 1, 'value out of range', line);
        return;
      }
      fields[m[1] ?? ''] = m[3] === undefined ? n : n * 1024;
    });
  if (fields.MemTotal === undefined && Object.keys(fields).length > 0) sink.warn(0, 'no MemTotal line');
  return sink.result({
    ...opt('totalBytes', fields.MemTotal),
    ...opt('availableBytes', fields.MemAvailable),
    ...opt('freeBytes', fields.MemFree),
    ...opt('swapTotalBytes', fields.SwapTotal),
    ...opt('swapFreeBytes', fields.SwapFree),
    fields: { ...fields },
  });
}

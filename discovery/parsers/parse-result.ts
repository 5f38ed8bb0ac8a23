/**
 * What every discovery parser returns: the parsed value plus the warnings for lines it could not use or found
 * odd. Warnings are bounded ({@link MAX_WARNINGS}) so that a garbage file cannot make an unbounded list.
 */
import { DiscoveryError } from '../errors.ts';

/** One thing a parser skipped or found odd. */
export interface ParseWarning {
  /** 1-based line (or list entry) number in the input; 0 when the warning is about the input as a whole. */
  readonly line: number;
  readonly message: string;
  /** The offending text, cut to {@link MAX_EXCERPT_CHARS}; absent when there is none. */
  readonly excerpt?: string;
}

/** A parser's answer: the value it could build and what it had to skip or found odd on the way. */
export interface ParseResult<T> {
  readonly value: T;
  readonly warnings: readonly ParseWarning[];
}

/** At most this many warnings are kept per parse; the last one then says how many more were dropped. */
export const MAX_WARNINGS = 100;

/** Excerpts in warnings are cut to this many characters. */
export const MAX_EXCERPT_CHARS = 160;

/** Input accepted by text parsers: a string, or raw bytes read from procfs (decoded as UTF-8, never throwing). */
export type TextInput = string | Uint8Array;

const DECODER = new TextDecoder('utf-8', { fatal: false });

/** Decodes bytes as UTF-8 (invalid sequences become U+FFFD); strings pass through. */
export function toText(input: TextInput): string {
  return typeof input === 'string' ? input : DECODER.decode(input);
}

/** Collects warnings for one parse, keeping at most {@link MAX_WARNINGS} and counting the rest. */
export class WarningSink {
  /** Bounded by MAX_WARNINGS. */
  private readonly kept: ParseWarning[] = [];
  private dropped = 0;

  /** Records a warning about `line` (1-based; 0 for the whole input). */
  warn(line: number, message: string, excerpt?: string): void {
    if (this.kept.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    this.kept.push(excerpt === undefined ? { line, message } : { line, message, excerpt: excerpt.slice(0, MAX_EXCERPT_CHARS) });
  }

  /** Adds another parse's warnings (e.g. a sub-parser's), each message prefixed with `prefix`. */
  addAll(warnings: readonly ParseWarning[], prefix: string): void {
    for (const w of warnings) this.warn(w.line, `${prefix}: ${w.message}`, w.excerpt);
  }

  /** The final result; a trailing warning says how many were dropped, if any. */
  result<T>(value: T): ParseResult<T> {
    const warnings = this.dropped === 0 ? this.kept : [...this.kept, { line: 0, message: `${this.dropped} more warnings dropped` }];
    return { value, warnings };
  }
}

/**
 * The JSON array of an `ip -j …` command's output: null for empty output (nothing to report), DISC_BAD_JSON
 * when it is not JSON or not an array. `what` names the command in the error (e.g. `ip -j neigh`).
 */
export function jsonArrayOutput(input: TextInput, what: string): unknown[] | null {
  const text = toText(input).trim();
  if (text === '') return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DiscoveryError('DISC_BAD_JSON', `${what} output is not JSON`, {}, { cause: e });
  }
  if (!Array.isArray(doc)) throw new DiscoveryError('DISC_BAD_JSON', `${what} output is not a JSON array`);
  return doc as unknown[];
}

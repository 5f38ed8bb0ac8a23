/**
 * The `facts` kind's payload from the drop-ins of /etc/ringwatch/facts.d (docs/discovery.md "Facts drop-ins"):
 * each source is the JSON text of one `*.json` file or one executable's output, a JSON object of host facts.
 * Sources are applied in the order given (the collector sorts them by file name): a later one overrides a key
 * an earlier one set. A source that is not a JSON object is one warning and is skipped; a key outside
 * HOST_FACT_KEYS or a value that is not a short string, a finite number or a boolean is one warning and is
 * dropped; the rest goes on. Pure.
 */
import { factValueProblem, HOST_FACT_KEYS, isHostFactKey, type HostFactKey, type HostFactValue } from '../../protocol/host-facts.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** One drop-in's output. */
export interface FactsSource {
  /** The file name (what warnings name). */
  readonly name: string;
  readonly text: TextInput;
}

/** The `facts` payload: the valid facts, keys in HOST_FACT_KEYS order. */
export type FactsPayload = Partial<Record<HostFactKey, HostFactValue>>;

/** Parses and merges the sources (module comment). Warnings name the source in their message (line 0). */
export function factsPayload(sources: readonly FactsSource[]): ParseResult<FactsPayload> {
  const sink = new WarningSink();
  const merged = new Map<HostFactKey, HostFactValue>();
  for (const s of sources) {
    let value: unknown;
    try {
      value = JSON.parse(toText(s.text));
    } catch {
      sink.warn(0, `${s.name}: not JSON`, toText(s.text).slice(0, 80));
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      sink.warn(0, `${s.name}: not a JSON object`);
      continue;
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isHostFactKey(key)) {
        sink.warn(0, `${s.name}: unknown fact ${JSON.stringify(key)} ignored (known: ${HOST_FACT_KEYS.join(', ')})`);
        continue;
      }
      const problem = factValueProblem(v);
      if (problem !== undefined) {
        sink.warn(0, `${s.name}: fact ${key} ignored: ${problem}`);
        continue;
      }
      merged.set(key, typeof v === 'string' ? v.trim() : (v as HostFactValue));
    }
  }
  const out: FactsPayload = {};
  for (const key of HOST_FACT_KEYS) {
    const v = merged.get(key);
    if (v !== undefined) out[key] = v;
  }
  return sink.result(out);
}

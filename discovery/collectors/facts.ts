/**
 * The `facts` kind's collector: the drop-ins of a facts directory (default /etc/ringwatch/facts.d,
 * `nanoprobe run --facts-dir`), in file-name order — `*.json` files, and executables (any other file with an
 * execute bit) whose stdout is a JSON object, each run without a shell, no arguments, killed after
 * `execTimeoutMs`. A file that cannot be read or run, runs too long, prints too much or no JSON object is one
 * warning; the rest goes on. YAML is not read (it would need a parser dependency): a `*.yaml`/`*.yml` drop-in is
 * a warning asking for JSON. Hidden files (`.name`) and editor leftovers (`name~`) are skipped; so is anything
 * else that is neither JSON nor executable. A missing directory means no facts, without a warning.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { factsPayload, type FactsPayload, type FactsSource } from '../index.ts';
import { runCommand } from './run-command.ts';

export const DEFAULT_FACTS_DIR = '/etc/ringwatch/facts.d';

export interface FactsCollectorInit {
  readonly dir: string;
  /** A drop-in executable is killed after this long (ms). */
  readonly execTimeoutMs: number;
  /** Largest drop-in file or executable output read (bytes). */
  readonly maxBytes: number;
  /** Most drop-ins read (the rest, in name order, is one warning). */
  readonly maxFiles: number;
}

export const DEFAULT_FACTS_COLLECTOR: FactsCollectorInit = Object.freeze({ dir: DEFAULT_FACTS_DIR, execTimeoutMs: 5_000, maxBytes: 64 * 1024, maxFiles: 64 });

/** The facts and the warnings (one per bad drop-in or fact). */
export interface FactsCollection {
  readonly payload: FactsPayload;
  readonly warnings: readonly string[];
}

/** Reads and runs the drop-ins (module comment). Never rejects for a bad drop-in; `signal` kills a running one. */
export async function collectFacts(init: FactsCollectorInit = DEFAULT_FACTS_COLLECTOR, signal?: AbortSignal): Promise<FactsCollection> {
  const warnings: string[] = [];
  let names: string[];
  try {
    names = (await readdir(init.dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { payload: {}, warnings };
    return { payload: {}, warnings: [`${init.dir}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  names = names.filter((n) => !n.startsWith('.') && !n.endsWith('~'));
  if (names.length > init.maxFiles) {
    warnings.push(`${init.dir}: ${names.length} drop-ins, only the first ${init.maxFiles} read`);
    names = names.slice(0, init.maxFiles);
  }
  const sources: FactsSource[] = [];
  for (const name of names) {
    signal?.throwIfAborted();
    const path = join(init.dir, name);
    let st;
    try {
      st = await stat(path);
    } catch (err) {
      warnings.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (!st.isFile()) continue;
    if (name.endsWith('.json')) {
      if (st.size > init.maxBytes) {
        warnings.push(`${name}: larger than ${init.maxBytes} bytes, skipped`);
        continue;
      }
      try {
        sources.push({ name, text: await readFile(path, 'utf8') });
      } catch (err) {
        warnings.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if ((st.mode & 0o111) !== 0) {
      const r = await runCommand(path, [], init.execTimeoutMs, signal, init.maxBytes);
      if (r.ok) sources.push({ name, text: r.stdout });
      else warnings.push(`${name}: ${r.reason.startsWith(path) ? r.reason.slice(path.length + 2) : r.reason}`);
    } else if (name.endsWith('.yaml') || name.endsWith('.yml')) {
      warnings.push(`${name}: YAML drop-ins are not read, write JSON (${name.replace(/\.ya?ml$/, '.json')})`);
    }
  }
  const r = factsPayload(sources);
  for (const w of r.warnings) warnings.push(w.message);
  return { payload: r.value, warnings };
}

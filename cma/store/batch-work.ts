/**
 * Runs the steps of a write transaction (neo4j-store.ts `batchStatements`, the whole-graph reference derivation of
 * the tests, the queries benchmark): statements are pipelined (Bolt runs them in the order sent); a services step
 * waits for what came before, reads the providers in scope, groups them into Services (service-clusters.ts: the
 * grouping is transitive over shared clients, which Cypher without procedures cannot express in one pass) and
 * writes them.
 */
import neo4j, { type QueryResult } from 'neo4j-driver';
import { WRITE_SERVICES } from './cypher-derive.ts';
import { clusterServices, type ProviderRow } from './service-clusters.ts';

/** A step that reads providers (its statement returns `ProviderRow` columns) and writes their Services. */
export interface ServicesStep {
  readonly readProviders: string;
}

/** A statement, or a services step, with its rows (`{now, …}` for a services step). */
export type BatchStep = readonly [string | ServicesStep, readonly unknown[]];

/** What runs statements: a transaction of either kind. */
export interface StatementRunner {
  run(query: string, parameters: Record<string, unknown>): Promise<QueryResult>;
}

export async function runBatchWork(tx: StatementRunner, work: readonly BatchStep[]): Promise<void> {
  let pending: Promise<unknown>[] = [];
  for (const [step, rows] of work) {
    if (typeof step === 'string') {
      pending.push(tx.run(step, { rows }));
      continue;
    }
    await Promise.all(pending);
    pending = [];
    await deriveServices(tx, step.readProviders, rows);
  }
  await Promise.all(pending);
}

async function deriveServices(tx: StatementRunner, readProviders: string, rows: readonly unknown[]): Promise<void> {
  const run = rows[0] as { readonly now: unknown } | undefined;
  if (run === undefined) return;
  const r = await tx.run(readProviders, { rows });
  const read = r.records.map((rec) => ({
    row: {
      name: rec.get('name') as string,
      base: rec.get('base') as string,
      port: Number(rec.get('port')),
      proto: rec.get('proto') as string,
      hostId: rec.get('hostId') as string,
      process: rec.get('process') as string,
      clients: rec.get('clients') as string[],
      current: rec.get('current') as string[],
    } satisfies ProviderRow,
    // (the whole-graph reference reads live providers only, and nothing is outside its scope)
    live: rec.has('live') ? (rec.get('live') as boolean) : true,
    processLive: rec.has('processLive') ? (rec.get('processLive') as boolean) : true,
    held: rec.has('held') ? (rec.get('held') as [string, string][]) : [],
  }));
  const providers = read.filter((x) => x.live).map((x) => x.row);
  if (providers.length === 0) return;
  const services = clusterServices(providers, heldOutside(read)).map((s) => ({ ...s, port: neo4j.int(s.port) }));
  await tx.run(WRITE_SERVICES, { rows: [{ now: run.now, services }] });
}

/**
 * The cluster keys live processes outside the scope provide: more live processes provide the key than the scope's
 * rows hold it (every process of the scope is a row, live or not).
 */
function heldOutside(read: readonly { readonly row: ProviderRow; readonly processLive: boolean; readonly held: readonly (readonly [string, string])[] }[]): Set<string> {
  const inScope = new Map<string, Set<string>>();
  for (const { row, processLive } of read) {
    if (!processLive) continue;
    for (const k of row.current ?? []) {
      const holders = inScope.get(k);
      if (holders === undefined) inScope.set(k, new Set([row.process]));
      else holders.add(row.process);
    }
  }
  const out = new Set<string>();
  for (const { held } of read) for (const [k, n] of held) if (Number(n) > (inScope.get(k)?.size ?? 0)) out.add(k);
  return out;
}

/**
 * Graph precision and recall against the ground truth (issue 8): the graph the CMA stored from the simulated
 * hosts' DISCOVERY reports, read back from its store as one set of canonical item strings per kind, compared with
 * the items the world says must be there (simulator/world/graph-truth.ts). Pure.
 *
 * precision = matched / found (1 when nothing was found), recall = matched / expected (1 when nothing was
 * expected). A kind the store cannot give (the memory store derives no services or DEPENDS_ON) is not measured.
 */

/** The kinds compared, in report order. */
export const GRAPH_KINDS = ['hosts', 'nics', 'ips', 'wiring', 'services', 'dependencies', 'hostDependencies'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

/**
 * A graph as item strings per kind (absent kind: not available from that store):
 * - hosts `hostId`; nics `hostId mac`; ips `hostId ip/prefixLength`; wiring `hostId nic chassisId portId`;
 * - services `name|providerHostId,…` (provider hosts sorted: one item per Service node);
 * - dependencies `client -> server`, each a service item (the client process's Service, else
 *   `process:<name>|hostId`), from the live, not stale DEPENDS_ON edges;
 * - hostDependencies `clientHostId -> providerHostId`: the same edges down to hosts (the client process's host,
 *   each host providing what it depends on), which does not depend on how providers are grouped into services.
 */
export type GraphItems = Partial<Record<GraphKind, ReadonlySet<string>>>;

/** How one kind compares. */
export interface KindAccuracy {
  readonly kind: GraphKind;
  readonly expected: number;
  readonly found: number;
  readonly matched: number;
  readonly precision: number;
  readonly recall: number;
  /** Up to SAMPLE expected items the graph lacks, and found items the truth lacks (sorted). */
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/** The whole comparison: the measured kinds and the ones the store could not give. */
export interface GraphAccuracy {
  readonly kinds: readonly KindAccuracy[];
  readonly notMeasured: readonly GraphKind[];
  /** Lowest precision and recall over the measured kinds (1 when none). */
  readonly minPrecision: number;
  readonly minRecall: number;
}

const SAMPLE = 5;

function firstSorted(items: Iterable<string>, n: number): string[] {
  return [...items].sort().slice(0, n);
}

/** Compares one kind. */
export function compareKind(kind: GraphKind, expected: ReadonlySet<string>, found: ReadonlySet<string>): KindAccuracy {
  let matched = 0;
  const missing: string[] = [];
  for (const e of expected) {
    if (found.has(e)) matched++;
    else missing.push(e);
  }
  const extra = [...found].filter((f) => !expected.has(f));
  return {
    kind,
    expected: expected.size,
    found: found.size,
    matched,
    precision: found.size === 0 ? 1 : matched / found.size,
    recall: expected.size === 0 ? 1 : matched / expected.size,
    missing: firstSorted(missing, SAMPLE),
    extra: firstSorted(extra, SAMPLE),
  };
}

/** Compares every kind the store gave with the truth. */
export function compareGraph(truth: GraphItems, graph: GraphItems): GraphAccuracy {
  const kinds: KindAccuracy[] = [];
  const notMeasured: GraphKind[] = [];
  for (const kind of GRAPH_KINDS) {
    const e = truth[kind];
    const f = graph[kind];
    if (e === undefined || f === undefined) notMeasured.push(kind);
    else kinds.push(compareKind(kind, e, f));
  }
  return {
    kinds,
    notMeasured,
    minPrecision: kinds.reduce((m, k) => Math.min(m, k.precision), 1),
    minRecall: kinds.reduce((m, k) => Math.min(m, k.recall), 1),
  };
}

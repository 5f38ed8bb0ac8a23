/**
 * Which Service each listening process provides (docs/graph-model.md, Service). Replicas are listeners of one
 * service name (`<program>:<port>`) that serve mostly the same clients: two listeners are linked when at least
 * three quarters of the client processes of the one with more clients are clients of the other too; the listeners linked this way,
 * transitively, form ONE logical service when they sit on two hosts or more, keyed
 * `name@cluster:<smallest hostId among them>`; every other listener provides its own `name@hostId`. So two
 * unrelated tiers of `java:8080` stay two services, and an app's own `mysqld:3306` does not merge with the shared
 * `mysqld:3306` cluster it also uses (its few clients are a small part of the shared one's).
 *
 * Pure: the Neo4j store reads the providers of the names in scope (cypher-derive.ts READ_PROVIDERS), groups them
 * here and writes the result (WRITE_SERVICES). Listeners with the same client set are grouped first (a pool
 * connected to every replica makes them all one group), so pair counting is over groups, not listeners.
 */

/** One listening process of a service name, with the ids of the live processes connected to it. */
export interface ProviderRow {
  readonly name: string;
  readonly base: string;
  readonly port: number;
  readonly proto: string;
  readonly hostId: string;
  /** The listening process (its element id in the transaction). */
  readonly process: string;
  /** The client processes (element ids). */
  readonly clients: readonly string[];
  /** The keys of the Services it provides now (before this derivation). */
  readonly current?: readonly string[];
}

/** A Service a process provides. */
export interface ServiceRow {
  readonly key: string;
  readonly name: string;
  readonly base: string;
  readonly port: number;
  readonly proto: string;
  readonly process: string;
}

/**
 * The Service of every provider row, in input order. `reserved`: cluster keys held by providers outside the rows
 * (the store derives a part of the graph: cypher-derive.ts), which no new cluster of the rows may take.
 */
export function clusterServices(rows: readonly ProviderRow[], reserved: ReadonlySet<string> = new Set()): ServiceRow[] {
  const byName = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byName.get(r.name);
    if (list === undefined) byName.set(r.name, [i]);
    else list.push(i);
  });
  const keys = new Array<string>(rows.length);
  for (const [name, members] of byName) {
    const parent = new Map<number, number>(members.map((i) => [i, i]));
    const find = (i: number): number => {
      let root = i;
      while (parent.get(root) !== root) root = parent.get(root) ?? root;
      for (let x = i; x !== root; ) {
        const next = parent.get(x) ?? root;
        parent.set(x, root);
        x = next;
      }
      return root;
    };
    linkReplicas(members, rows, (a, b) => {
      parent.set(find(a), find(b));
    });
    const components = new Map<number, number[]>();
    for (const i of members) {
      const root = find(i);
      const list = components.get(root);
      if (list === undefined) components.set(root, [i]);
      else list.push(i);
    }
    for (const [i, key] of clusterKeys(name, [...components.values()], rows, reserved)) keys[i] = key;
  }
  return rows.map((r, i) => ({ key: keys[i] ?? `${r.name}@${r.hostId}`, name: r.name, base: r.base, port: r.port, proto: r.proto, process: r.process }));
}

/**
 * The key of each listener (row index) of one name, given its replica components. A component on one host: each
 * listener its `name@hostId`. A component on several hosts keeps the cluster key most of its listeners already
 * have (a Service keeps its identity — and the owner and contact an operator set on it — when a replica joins or
 * leaves, even the one whose host id named it); the largest components choose first, and every component that can
 * keep a key does so before a new one is named; a component with none left gets `name@cluster:<smallest hostId>`
 * (`#2`, `#3`… when that is taken, here or in `reserved`).
 */
function clusterKeys(name: string, components: readonly (readonly number[])[], rows: readonly ProviderRow[], reserved: ReadonlySet<string>): Map<number, string> {
  const out = new Map<number, string>();
  const prefix = `${name}@cluster:`;
  // Each group's hosts and order-free rank (size, then host ids, then process ids: two groups on the same hosts),
  // computed once, not in every comparison of the sort.
  const clusters = components
    .map((members) => {
      const hosts = [...new Set(members.map((i) => rows[i]?.hostId ?? ''))].sort();
      return { members, first: hosts[0] ?? '', many: hosts.length >= 2, rank: `${hosts.join(',')}|${members.map((i) => rows[i]?.process ?? '').sort().join(',')}` };
    })
    .filter((c) => c.many)
    .sort((a, b) => b.members.length - a.members.length || cmp(a.rank, b.rank));
  const taken = new Set<string>(reserved);
  const unnamed = [];
  for (const c of clusters) {
    const votes = new Map<string, number>();
    for (const i of c.members) for (const k of rows[i]?.current ?? []) if (k.startsWith(prefix)) votes.set(k, (votes.get(k) ?? 0) + 1);
    const kept = [...votes].filter(([k]) => !taken.has(k)).sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0];
    if (kept === undefined) {
      unnamed.push(c);
      continue;
    }
    taken.add(kept);
    for (const i of c.members) out.set(i, kept);
  }
  for (const c of unnamed) {
    let key = `${prefix}${c.first}`;
    for (let n = 2; taken.has(key); n++) key = `${prefix}${c.first}#${n}`;
    taken.add(key);
    for (const i of c.members) out.set(i, key);
  }
  for (const c of components) for (const i of c) if (!out.has(i)) out.set(i, `${name}@${rows[i]?.hostId ?? ''}`);
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Calls `link(a, b)` for every two listeners (row indexes of `members`) that count as replicas of each other. */
function linkReplicas(members: readonly number[], rows: readonly ProviderRow[], link: (a: number, b: number) => void): void {
  // Listeners with the same (non-empty) client set: one group, replicas of each other.
  const groups = new Map<string, { readonly first: number; readonly clients: readonly string[] }>();
  for (const i of members) {
    const clients = [...new Set(rows[i]?.clients ?? [])].sort();
    if (clients.length === 0) continue;
    const sig = clients.join('\n');
    const g = groups.get(sig);
    if (g === undefined) groups.set(sig, { first: i, clients });
    else link(i, g.first);
  }
  // Groups sharing clients: counted per client, linked when the overlap is at least ¾ of the larger client set.
  const list = [...groups.values()];
  const byClient = new Map<string, number[]>();
  list.forEach((g, gi) => {
    for (const c of g.clients) {
      const at = byClient.get(c);
      if (at === undefined) byClient.set(c, [gi]);
      else at.push(gi);
    }
  });
  const shared = new Map<number, number>();
  for (const gs of byClient.values()) {
    for (let x = 0; x < gs.length; x++) {
      for (let y = x + 1; y < gs.length; y++) {
        const a = gs[x] ?? 0;
        const b = gs[y] ?? 0;
        const pair = a * list.length + b;
        shared.set(pair, (shared.get(pair) ?? 0) + 1);
      }
    }
  }
  for (const [pair, n] of shared) {
    const a = list[Math.floor(pair / list.length)];
    const b = list[pair % list.length];
    if (a !== undefined && b !== undefined && 4 * n >= 3 * Math.max(a.clients.length, b.clients.length)) link(a.first, b.first);
  }
}

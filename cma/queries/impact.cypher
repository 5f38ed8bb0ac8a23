// description: What breaks if X fails (a host, switch, switch port, service or IP): hosts, services and client processes that lose something, transitively, with the path that explains why
// param: target string  Host (hostname or id), switch (name or chassis id), switch port (SWITCH/PORTID), service (name or key) or IP address
// param: kind string = auto  What target names: host, switch, port, service, ip, or auto (every kind it matches)
// param: depth int = 6  Follow at most this many DEPENDS_ON levels (at most 8)
// param: limit int = 1000  Print at most this many rows, the nearest first (the rest are still taken into account)
// columns: hops, kind, name, host, effect, why, _path
// The effect `down`: fails with the target (its processes, hosts cut off behind a switch, services left without a
// provider); `loses` has no working provider left on the path that explains it; `degraded` lost one of several
// providers of a service on that path. hops counts DEPENDS_ON levels. Stale DEPENDS_ON edges and gone processes
// are not followed. A host behind a switch is cut off only if none of its wired NICs reaches another switch.
CALL {
  MATCH (h:Host)
  WHERE $kind IN ['auto', 'host'] AND (h.hostId = $target OR h.hostname = $target)
  MATCH hpre = (h)
  OPTIONAL MATCH pre = (h)-[:RUNS]->(p:Process) WHERE NOT coalesce(p.gone, false)
  RETURN h, hpre, p, pre, 'down' AS effect
  UNION
  MATCH (sw:Switch)
  WHERE $kind IN ['auto', 'switch'] AND (sw.chassisId = $target OR sw.name = $target)
  MATCH hpre = (sw)-[:HAS_PORT]->(sp:SwitchPort)<-[:WIRED_TO]-(nic:NIC)<-[:HAS_NIC]-(h:Host)
  WHERE NOT coalesce(nic.gone, false)
    AND NOT EXISTS { MATCH (h)-[:HAS_NIC]->(o:NIC)-[:WIRED_TO]->(:SwitchPort)<-[:HAS_PORT]-(other:Switch) WHERE other <> sw AND NOT coalesce(o.gone, false) }
  OPTIONAL MATCH pre = (sw)-[:HAS_PORT]->(sp)<-[:WIRED_TO]-(nic)<-[:HAS_NIC]-(h)-[:RUNS]->(p:Process) WHERE NOT coalesce(p.gone, false)
  RETURN h, hpre, p, pre, 'down' AS effect
  UNION
  WITH head(split($target, '/')) AS switchName, substring($target, size(head(split($target, '/'))) + 1) AS portId
  MATCH (sw:Switch)
  WHERE $kind IN ['auto', 'port'] AND $target CONTAINS '/' AND (sw.chassisId = switchName OR sw.name = switchName)
  MATCH hpre = (sw)-[:HAS_PORT]->(sp:SwitchPort {portId: portId})<-[:WIRED_TO]-(nic:NIC)<-[:HAS_NIC]-(h:Host)
  WHERE NOT coalesce(nic.gone, false)
    AND NOT EXISTS { MATCH (h)-[:HAS_NIC]->(o:NIC)-[:WIRED_TO]->(op:SwitchPort) WHERE op <> sp AND NOT coalesce(o.gone, false) }
  OPTIONAL MATCH pre = (sw)-[:HAS_PORT]->(sp)<-[:WIRED_TO]-(nic)<-[:HAS_NIC]-(h)-[:RUNS]->(p:Process) WHERE NOT coalesce(p.gone, false)
  RETURN h, hpre, p, pre, 'down' AS effect
  UNION
  MATCH (s:Service)
  WHERE $kind IN ['auto', 'service'] AND (s.key = $target OR s.name = $target)
  MATCH pre = (s)-[:PROVIDED_BY]->(p:Process) WHERE NOT coalesce(p.gone, false)
  RETURN null AS h, null AS hpre, p, pre, 'down' AS effect
  UNION
  // An address: the processes listening on it are unreachable there; processes connected to it lose it (also
  // when no known host owns it).
  MATCH (e:Endpoint)
  WHERE $kind IN ['auto', 'ip'] AND e.ip = $target AND e.port IS NOT NULL AND e.proto IS NOT NULL
  MATCH pre = (p:Process)-[l:LISTENS_ON|CONNECTS_TO]->(e)
  WHERE NOT coalesce(p.gone, false) AND NOT coalesce(l.gone, false)
  RETURN null AS h, null AS hpre, p, pre, CASE type(l) WHEN 'LISTENS_ON' THEN 'down' ELSE 'loses' END AS effect
}
// Paths travel as lists of element ids (nodes N, relationships R) until the printed rows are chosen: sorting or
// grouping rows that hold path values costs Neo4j far more memory than the ids.
WITH collect(DISTINCT CASE WHEN h IS NULL THEN null ELSE {h: h, preN: [x IN nodes(hpre) | elementId(x)], preR: [x IN relationships(hpre) | elementId(x)]} END) AS downHosts,
     collect(DISTINCT CASE WHEN p IS NULL THEN null ELSE {n: p, preN: [x IN nodes(pre) | elementId(x)], preR: [x IN relationships(pre) | elementId(x)], effect: effect} END) AS roots
WITH downHosts, [i IN range(0, size(roots) - 1) | roots[i].n] AS rootNodes,
     [i IN range(0, size(roots) - 1) | {preN: roots[i].preN, preR: roots[i].preR, effect: roots[i].effect, hops: CASE roots[i].effect WHEN 'down' THEN 0 ELSE 1 END}] AS roots
// From every failed process, against the direction of DEPENDS_ON and PROVIDED_BY: the services it provides,
// their clients, the services those provide, … one DEPENDS_ON level at a time from all failed processes at once
// (a breadth-first search: each level's frontier holds the nodes first reached at that level, each node once, with
// the path that reached it), at most 8 levels. Roots an address makes lose something enter at level 1. (No
// aggregation runs while a long list is in scope: Neo4j would hash the list into every grouping key; the
// aggregations run inside subqueries.)
WITH downHosts, roots, [i IN range(0, size(rootNodes) - 1) | {n: rootNodes[i], root: i, rN: [], rR: [], providedOnly: false, services: [], effect: roots[i].effect, hops: roots[i].hops}] AS bare
WITH downHosts, roots, bare, bare + COLLECT {
  UNWIND bare AS r
  WITH r, r.n AS rn
  MATCH (s:Service)-[pb:PROVIDED_BY]->(rn)
  RETURN {n: s, root: r.root, rN: [elementId(rn), elementId(s)], rR: [elementId(pb)], providedOnly: true, services: [elementId(s)], effect: r.effect, hops: r.hops} AS e
} AS seeds
// Level 0: the failed processes and the services they provide, each node once (sorted by node, the best first).
WITH downHosts, roots, bare, seeds, head([x IN [1] | COLLECT {
    UNWIND seeds AS c
    WITH c WHERE c.hops = 0
    WITH c ORDER BY elementId(c.n), CASE c.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, size(c.rR)
    RETURN c
  }]) AS sorted0
WITH downHosts, roots, bare, seeds, [i IN range(0, size(sorted0) - 1) WHERE i = 0 OR sorted0[i].n <> sorted0[i - 1].n | sorted0[i]] AS level0
WITH downHosts, roots, [e IN bare WHERE e.hops > $depth] + reduce(st = {frontier: level0, seen: [e IN level0 | e.n], reached: level0}, k IN range(1, CASE WHEN $depth > 8 THEN 8 ELSE $depth END) |
  // The candidates of level k sorted by node, the best first; the first of each node is kept (Cypher allows no
  // aggregation here).
  head([sorted IN [COLLECT {
    UNWIND COLLECT {
      UNWIND st.frontier AS e
      WITH e, e.n AS a
      MATCH (a)<-[d:DEPENDS_ON]-(b)
      WHERE NOT coalesce(d.stale, false) AND NOT coalesce(b.gone, false) AND NOT b IN st.seen
      WITH e, b, CASE WHEN size(e.rN) = 0 THEN [elementId(a)] ELSE e.rN END + [elementId(b)] AS rN, e.rR + [elementId(d)] AS rR,
           e.services + CASE WHEN b:Service THEN [elementId(b)] ELSE [] END AS services
      OPTIONAL MATCH (s:Service)-[pb:PROVIDED_BY]->(b) WHERE NOT s IN st.seen
      UNWIND [{n: b, root: e.root, rN: rN, rR: rR, providedOnly: false, services: services, effect: e.effect, hops: k}] +
             CASE WHEN s IS NULL THEN [] ELSE [{n: s, root: e.root, rN: rN + [elementId(s)], rR: rR + [elementId(pb)], providedOnly: false, services: services + [elementId(s)], effect: e.effect, hops: k}] END AS c
      RETURN c
    } + [e IN seeds WHERE e.hops = k AND NOT e.n IN st.seen] AS c
    WITH c ORDER BY elementId(c.n), CASE c.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, size(c.rR)
    RETURN c
  }] | head([next IN [[i IN range(0, size(sorted) - 1) WHERE i = 0 OR sorted[i].n <> sorted[i - 1].n | sorted[i]]] |
         {frontier: next, seen: st.seen + [c IN next | c.n], reached: st.reached + next}])])).reached AS reached
// Sorting or grouping rows while long lists are in scope makes Neo4j count those lists once per row against the
// transaction's memory: from here on, rows are sorted inside list expressions (whose subqueries see the lists as
// arguments only) and grouped by walking the sorted lists.
// Services next to an impacted process: degraded when some live provider is not impacted, down when every live
// provider failed with the target.
WITH downHosts, roots, reached, head([x IN [1] | COLLECT {
    UNWIND reached AS it
    WITH it, it.n AS n
    MATCH (n:Process)<-[:PROVIDED_BY]-(s:Service)
    WITH s, size(it.rR) = 0 AND it.effect = 'down' AS failed ORDER BY elementId(s)
    RETURN {s: s, failed: failed}
  }]) AS pairs
WITH downHosts, roots, reached, pairs, [i IN range(0, size(pairs) - 1) WHERE i = 0 OR pairs[i].s <> pairs[i - 1].s | i] + [size(pairs)] AS starts
WITH downHosts, roots, reached, [j IN range(0, size(starts) - 2) | head([s IN [pairs[starts[j]].s] | {
    s: elementId(s), hit: starts[j + 1] - starts[j], downHit: size([i IN range(starts[j], starts[j + 1] - 1) WHERE pairs[i].failed]),
    providers: size([(s)-[:PROVIDED_BY]->(p:Process) WHERE NOT coalesce(p.gone, false) | p])}])] AS serviceStates
WITH downHosts, roots, reached, [x IN serviceStates WHERE x.hit < x.providers | x.s] AS degradedServices, [x IN serviceStates WHERE x.downHit = x.providers | x.s] AS downServices
// (stakeholders.cypher shares everything above this line; test/unit/cma/shipped-queries.test.ts checks it)
// Only the first $limit rows are printed, nearest first, and every reached process or service is a row of its own:
// the ones beyond the first DEPENDS_ON level by which $limit of them are reached cannot be among those rows (the
// service states above took every one into account). (Reading a field of every reached map costs: the hops are read
// once.)
WITH downHosts, roots, reached, degradedServices, downServices, [it IN reached | it.hops] AS hops
WITH downHosts, roots, reached, degradedServices, downServices, hops,
     head([k IN range(0, 9) WHERE size([h IN hops WHERE h <= k]) >= $limit] + [9]) AS lastHops
WITH downHosts, roots, degradedServices, downServices, [it IN reached WHERE it.hops <= lastHops] AS reached
// The impacted nodes by the host running them (services and processes no host runs last), nearest first.
WITH downHosts, roots, degradedServices, downServices, head([x IN [1] | COLLECT {
    UNWIND reached AS it
    WITH it, it.n AS n
    OPTIONAL MATCH (n:Process)<-[:RUNS]-(host:Host)
    WITH it, host ORDER BY elementId(host), it.hops, CASE it.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END
    RETURN {host: host, n: it.n, b: it}
  }]) AS byHost
WITH downHosts, roots, degradedServices, downServices, byHost,
     [i IN range(0, size(byHost) - 1) WHERE i = 0 OR (byHost[i].host IS NULL) <> (byHost[i - 1].host IS NULL) OR byHost[i].host <> byHost[i - 1].host | i] + [size(byHost)] AS starts
WITH downHosts, roots, degradedServices, downServices,
     [j IN range(0, size(starts) - 2) | {host: byHost[starts[j]].host, group: [i IN range(starts[j], starts[j + 1] - 1) | {n: byHost[i].n, b: byHost[i].b}]}] AS groups,
     [x IN downHosts | x.h] AS downHostNodes
// One row per impacted process and service; one per host that fails with the target; one per other host running
// an impacted process (at its nearest one).
UNWIND groups + [{host: null, group: null}] AS g
UNWIND CASE WHEN g.group IS NULL
         THEN [x IN downHosts | {kind: 'host', n: x.h, host: x.h, b: {rN: [], rR: [], providedOnly: false, services: [], effect: 'down', hops: 0}, preN: x.preN, preR: x.preR}]
         ELSE CASE WHEN g.host IS NULL OR g.host IN downHostNodes THEN []
                   ELSE [{kind: 'host', n: g.host, host: g.host, b: g.group[0].b}] END
              + [m IN g.group | {kind: CASE WHEN m.n:Service THEN 'service' ELSE 'process' END, n: m.n, host: g.host, b: m.b}]
       END AS r
WITH degradedServices, downServices, {
  kind: r.kind, n: r.n, host: r.host, hops: r.b.hops, route: r.b,
  name: CASE r.kind WHEN 'host' THEN r.host.hostname WHEN 'service' THEN r.n.name ELSE r.host.hostname + '/' + r.n.name + '[' + toString(r.n.pid) + ']' END,
  owner: r.n.owner, contact: r.n.contact,
  preN: coalesce(r.preN, roots[r.b.root].preN), preR: coalesce(r.preR, roots[r.b.root].preR)} AS row
// The effect: down when it fails with the target; degraded when a service on its path keeps a provider outside
// the impact; else loses.
WITH row {.*, effect: CASE
    WHEN size(row.route.rR) = 0 THEN row.route.effect
    WHEN row.route.effect = 'down' AND row.route.providedOnly
      THEN CASE WHEN last(row.route.rN) IN downServices THEN 'down' WHEN last(row.route.rN) IN degradedServices THEN 'degraded' ELSE 'loses' END
    WHEN any(x IN row.route.services WHERE x IN degradedServices) THEN 'degraded'
    ELSE 'loses'
  END} AS row
// Sorting rows Neo4j buffers with every variable still in scope and counts each long list once per row against
// the transaction's memory: an aggregation first leaves the rows alone in scope (one row per kind and node).
WITH row.kind AS kind, row.n AS n, head(collect(row)) AS row
WITH row ORDER BY row.hops, CASE row.kind WHEN 'host' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, row.name LIMIT $limit
// The explanation: the names along the path from the target to the row's node; its nodes and relationships (and
// the host running a process) for --graph.
WITH row, row.preN + CASE WHEN size(row.route.rN) = 0 THEN [] ELSE tail(row.route.rN) END AS chainIds, row.preR + row.route.rR AS relIds
WITH row, relIds, COLLECT { UNWIND chainIds AS id MATCH (x) WHERE elementId(x) = id RETURN x } AS chain
WITH row, chain, relIds, row.n AS pn
OPTIONAL MATCH runs = (pn:Process)<-[:RUNS]-(:Host)
WITH row, chain, runs, COLLECT { UNWIND relIds AS id MATCH ()-[y]->() WHERE elementId(y) = id RETURN y } AS rels,
     [x IN chain |
       CASE
         WHEN x:Host THEN x.hostname
         WHEN x:Process THEN COLLECT { MATCH (hh:Host)-[:RUNS]->(x) RETURN hh.hostname }[0] + '/' + x.name + '[' + toString(x.pid) + ']'
         WHEN x:Service THEN x.name
         WHEN x:Switch THEN coalesce(x.name, x.chassisId)
         WHEN x:SwitchPort THEN x.portId
         WHEN x:NIC THEN x.name
         WHEN x:Endpoint THEN x.ip + ':' + toString(x.port)
         ELSE elementId(x)
       END] AS names
RETURN row.hops AS hops, row.kind AS kind, row.name AS name, row.host.hostname AS host, row.effect AS effect,
       reduce(s = '', t IN names | s + CASE s WHEN '' THEN '' ELSE ' → ' END + t) AS why,
       [chain, rels] + CASE WHEN runs IS NULL THEN [] ELSE [runs] END AS _path
ORDER BY hops, CASE kind WHEN 'host' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name

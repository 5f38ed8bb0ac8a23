// description: Whom to tell before maintenance on X (host, switch, switch port, service or IP): the owners and contacts of the hosts and services that impact lists
// param: target string  Host (hostname or id), switch (name or chassis id), switch port (SWITCH/PORTID), service (name or key) or IP address
// param: kind string = auto  What target names: host, switch, port, service, ip, or auto (every kind it matches)
// param: depth int = 6  Follow at most this many DEPENDS_ON levels (at most 8)
// columns: owner, contact, effect, hosts, services
// One row per owner (the `owner` and `contact` properties of Host and Service nodes); hosts and services nobody
// owns come last, under owner `-`. effect is the worst one among them (down, loses, degraded); hosts and services
// are listed nearest first. The statement up to the marker line is impact.cypher's.
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
WITH row WHERE row.kind IN ['host', 'service']
WITH row ORDER BY row.hops, row.name
WITH row.owner AS owner, row.contact AS contact, collect(row) AS owned
RETURN owner, contact,
       CASE WHEN any(r IN owned WHERE r.effect = 'down') THEN 'down' WHEN any(r IN owned WHERE r.effect = 'loses') THEN 'loses' ELSE 'degraded' END AS effect,
       [r IN owned WHERE r.kind = 'host' | r.name] AS hosts,
       [r IN owned WHERE r.kind = 'service' | r.name] AS services
ORDER BY owner IS NULL, CASE effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, owner, contact

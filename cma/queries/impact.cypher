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
WITH collect(DISTINCT CASE WHEN h IS NULL THEN null ELSE {h: h, pre: hpre} END) AS downHosts,
     collect(DISTINCT CASE WHEN p IS NULL THEN null ELSE {n: p, pre: pre, route: null, effect: effect, hops: CASE effect WHEN 'down' THEN 0 ELSE 1 END} END) AS roots
// From every failed process, against the direction of DEPENDS_ON and PROVIDED_BY: the services it provides,
// their clients, the services those provide, … The shortest path to each node explains it.
WITH downHosts, roots, COLLECT {
  UNWIND roots AS root
  WITH root, root.n AS r
  MATCH route = ANY SHORTEST (r)((a)<-[d:DEPENDS_ON|PROVIDED_BY]-(b) WHERE NOT coalesce(d.stale, false) AND NOT coalesce(b.gone, false)){1,16}(n)
  WITH root, route, n, size([x IN relationships(route) WHERE type(x) = 'DEPENDS_ON']) + root.hops AS hops
  WHERE hops <= $depth
  RETURN {n: n, pre: root.pre, route: route, effect: root.effect, hops: hops}
} AS reached
UNWIND roots + reached AS it
WITH downHosts, roots, it
ORDER BY it.hops, CASE it.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, CASE WHEN it.route IS NULL THEN 0 ELSE length(it.route) END
WITH downHosts, roots, it.n AS n, collect(it)[0] AS best
WITH downHosts, collect(best) AS bests
// Services next to an impacted process: degraded when some live provider is not impacted, down when every live
// provider failed with the target. (Counting per service keeps this linear in the number of impacted nodes.)
WITH downHosts, bests, COLLECT {
  UNWIND bests AS b
  WITH b WHERE b.n:Process
  WITH b, b.n AS q
  MATCH (q)<-[:PROVIDED_BY]-(s:Service)
  WITH s, count(DISTINCT q) AS hit, count(DISTINCT CASE WHEN b.route IS NULL AND b.effect = 'down' THEN q END) AS downHit
  WITH s, hit, downHit, COUNT { MATCH (s)-[:PROVIDED_BY]->(p:Process) WHERE NOT coalesce(p.gone, false) } AS providers
  WHERE hit < providers OR downHit = providers
  RETURN {s: s, degraded: hit < providers, down: downHit = providers}
} AS marks
WITH downHosts, bests, [m IN marks WHERE m.degraded | m.s] AS degradedServices, [m IN marks WHERE m.down | m.s] AS downServices
// The effect of a node: down when it fails with the target (a failed process, a service all of whose providers
// failed); degraded when a service on its path keeps a provider outside the impacted set; else loses.
UNWIND bests AS b
WITH downHosts, b, b.n AS n,
     CASE
       WHEN b.route IS NULL THEN b.effect
       WHEN b.effect = 'down' AND all(x IN relationships(b.route) WHERE type(x) = 'PROVIDED_BY') THEN CASE WHEN b.n IN downServices THEN 'down' WHEN b.n IN degradedServices THEN 'degraded' ELSE 'loses' END
       WHEN any(x IN nodes(b.route) WHERE x IN degradedServices) THEN 'degraded'
       ELSE 'loses'
     END AS effect
OPTIONAL MATCH runs = (n:Process)<-[:RUNS]-(host:Host)
WITH downHosts, collect({
  kind: CASE WHEN n:Service THEN 'service' ELSE 'process' END, n: n, host: host, hops: b.hops, effect: effect,
  name: CASE WHEN n:Service THEN n.name ELSE host.hostname + '/' + n.name + '[' + toString(n.pid) + ']' END,
  owner: n.owner, contact: n.contact, pre: b.pre, route: b.route,
  paths: [b.pre] + CASE WHEN b.route IS NULL THEN [] ELSE [b.route] END + CASE WHEN runs IS NULL THEN [] ELSE [runs] END
}) AS found
// Hosts: the ones that fail with the target, then every other host running an impacted process, at its nearest one.
WITH found,
     [x IN downHosts | {kind: 'host', n: x.h, host: x.h, hops: 0, effect: 'down', name: x.h.hostname, owner: x.h.owner, contact: x.h.contact, pre: x.pre, route: null, paths: [x.pre]}] AS hostRows
WITH found, hostRows, COLLECT {
  UNWIND found AS f
  WITH f WHERE f.host IS NOT NULL AND NOT f.host IN [x IN hostRows | x.n]
  WITH f ORDER BY f.hops, CASE f.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END
  WITH f.host AS hh, collect(f)[0] AS first
  RETURN first {.*, kind: 'host', n: hh, name: hh.hostname, owner: hh.owner, contact: hh.contact}
} AS clientHosts
UNWIND hostRows + clientHosts + found AS row
// (stakeholders.cypher shares everything above this line; test/unit/cma/shipped-queries.test.ts checks it)
WITH row ORDER BY row.hops, CASE row.kind WHEN 'host' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, row.name LIMIT $limit
// The explanation: the names along the path from the target to the row's node.
WITH row, CASE WHEN row.route IS NULL THEN nodes(row.pre) ELSE nodes(row.pre) + tail(nodes(row.route)) END AS chain
WITH row, [x IN chain |
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
       reduce(s = '', t IN names | s + CASE s WHEN '' THEN '' ELSE ' → ' END + t) AS why, row.paths AS _path
ORDER BY hops, CASE kind WHEN 'host' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name

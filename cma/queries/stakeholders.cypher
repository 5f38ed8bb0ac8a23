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
WITH row WHERE row.kind IN ['host', 'service']
WITH row ORDER BY row.hops, row.name
WITH row.owner AS owner, row.contact AS contact, collect(row) AS owned
RETURN owner, contact,
       CASE WHEN any(r IN owned WHERE r.effect = 'down') THEN 'down' WHEN any(r IN owned WHERE r.effect = 'loses') THEN 'loses' ELSE 'degraded' END AS effect,
       [r IN owned WHERE r.kind = 'host' | r.name] AS hosts,
       [r IN owned WHERE r.kind = 'service' | r.name] AS services
ORDER BY owner IS NULL, CASE effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, owner, contact

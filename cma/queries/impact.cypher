// description: What breaks if X fails (a host, switch, switch port, service or IP): hosts, services and client processes that lose something, transitively, with the path that explains why
// param: target string  Host (hostname or id), switch (name or chassis id), switch port (SWITCH/PORTID), service (name or key) or IP address
// param: kind string = auto  What target names: host, switch, port, service, ip, or auto (every kind it matches)
// param: depth int = 6  Follow at most this many DEPENDS_ON levels (at most 8)
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
WITH downHosts, roots + reached AS items, [x IN roots + reached | x.n] AS impacted, [x IN roots WHERE x.effect = 'down' | x.n] AS down
UNWIND items AS it
WITH downHosts, impacted, down, it
ORDER BY it.hops, CASE it.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END, CASE WHEN it.route IS NULL THEN 0 ELSE length(it.route) END
WITH downHosts, impacted, down, it.n AS n, collect(it)[0] AS best
// The effect of a node: down when it fails with the target (a failed process, a service all of whose providers
// failed), else degraded when a service on its path keeps a provider outside the impacted set, else loses.
WITH downHosts, impacted, down, n, best,
     CASE WHEN best.route IS NULL THEN [] ELSE [x IN nodes(best.route) WHERE x:Service] END AS services
WITH downHosts, n, best,
     CASE
       WHEN best.effect = 'down' AND best.route IS NULL THEN 'down'
       WHEN best.effect = 'down' AND all(x IN relationships(best.route) WHERE type(x) = 'PROVIDED_BY')
         AND all(q IN COLLECT { MATCH (n)-[:PROVIDED_BY]->(q:Process) WHERE NOT coalesce(q.gone, false) RETURN q } WHERE q IN down) THEN 'down'
       WHEN all(s IN services WHERE all(q IN COLLECT { MATCH (s)-[:PROVIDED_BY]->(q:Process) WHERE NOT coalesce(q.gone, false) RETURN q } WHERE q IN impacted)) THEN 'loses'
       ELSE 'degraded'
     END AS effect,
     CASE WHEN best.route IS NULL THEN nodes(best.pre) ELSE nodes(best.pre) + tail(nodes(best.route)) END AS chain,
     CASE WHEN best.route IS NULL THEN [best.pre] ELSE [best.pre, best.route] END AS paths
WITH downHosts, n, best, effect, paths,
     [x IN chain |
       CASE
         WHEN x:Host THEN x.hostname
         WHEN x:Process THEN COLLECT { MATCH (hh:Host {hostId: x.hostId}) RETURN hh.hostname }[0] + '/' + x.name + '[' + toString(x.pid) + ']'
         WHEN x:Service THEN x.name
         WHEN x:Switch THEN coalesce(x.name, x.chassisId)
         WHEN x:SwitchPort THEN x.portId
         WHEN x:NIC THEN x.name
         WHEN x:Endpoint THEN x.ip + ':' + toString(x.port)
         ELSE elementId(x)
       END] AS names
WITH downHosts, collect({n: n, hops: best.hops, effect: effect, why: reduce(s = '', t IN names | s + CASE s WHEN '' THEN '' ELSE ' → ' END + t), paths: paths}) AS found
// Hosts: the target's down hosts, then every host running an impacted process (at its nearest one).
WITH found, [x IN downHosts | {kind: 'host', n: x.h, name: x.h.hostname, host: x.h.hostname, owner: x.h.owner, contact: x.h.contact, hops: 0, effect: 'down', why: reduce(s = '', t IN [y IN nodes(x.pre) | coalesce(y.hostname, y.name, y.portId, '')] | s + CASE s WHEN '' THEN '' ELSE ' → ' END + t), paths: [x.pre]}] AS hostRows
WITH found, hostRows, [x IN hostRows | x.n.hostId] AS downIds
UNWIND found AS f
WITH found, hostRows, downIds, f, CASE WHEN f.n:Process THEN COLLECT { MATCH (hh:Host {hostId: f.n.hostId}) RETURN hh }[0] END AS host
ORDER BY f.hops, CASE f.effect WHEN 'down' THEN 0 WHEN 'loses' THEN 1 ELSE 2 END
WITH hostRows, downIds, collect(f {.*, kind: CASE WHEN f.n:Service THEN 'service' ELSE 'process' END, host: host}) AS rows
WITH hostRows, rows, COLLECT {
  UNWIND [r IN rows WHERE r.host IS NOT NULL AND NOT r.host.hostId IN downIds] AS c
  WITH c.host AS hh, collect(c)[0] AS first
  RETURN first {.*, kind: 'host', name: hh.hostname, host: hh.hostname, owner: hh.owner, contact: hh.contact}
} AS clientHosts
UNWIND hostRows + clientHosts + [r IN rows | r {.*, name: CASE r.kind WHEN 'service' THEN r.n.name ELSE r.host.hostname + '/' + r.n.name + '[' + toString(r.n.pid) + ']' END, host: r.host.hostname, owner: r.n.owner, contact: r.n.contact}] AS row
// (stakeholders.cypher shares everything above this line; test/unit/cma/shipped-queries.test.ts checks it)
RETURN row.hops AS hops, row.kind AS kind, row.name AS name, row.host AS host, row.effect AS effect, row.why AS why, row.paths AS _path
ORDER BY hops, CASE kind WHEN 'host' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name

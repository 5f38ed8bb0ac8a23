// description: What a host or service depends on, transitively: the services, their provider hosts and external endpoints it uses, nearest first, with the path
// param: target string  Host (hostname or id) or service (name or key)
// param: depth int = 1  Follow at most this many DEPENDS_ON levels (at most 8)
// columns: hops, kind, name, host, path, _path
// hops counts DEPENDS_ON levels from the target; kind is service, host (a provider of a service used) or external
// (an ip:port no known host owns that a process of the set is connected to). Stale DEPENDS_ON edges and gone
// processes are not followed.
CALL {
  MATCH (h:Host) WHERE h.hostId = $target OR h.hostname = $target
  MATCH (h)-[:RUNS]->(r:Process) WHERE NOT coalesce(r.gone, false)
  RETURN r, h AS origin
  UNION
  MATCH (s:Service) WHERE s.key = $target OR s.name = $target
  MATCH (s)-[:PROVIDED_BY]->(r:Process) WHERE NOT coalesce(r.gone, false)
  RETURN r, s AS origin
}
WITH collect(r) AS starts, collect(DISTINCT origin) AS origins
WITH origins, starts, COLLECT {
  UNWIND starts AS r
  MATCH route = ANY SHORTEST (r)((a)-[d:DEPENDS_ON|PROVIDED_BY]->(b) WHERE NOT coalesce(d.stale, false) AND NOT coalesce(b.gone, false)){1,16}(n)
  WITH route, n, size([x IN relationships(route) WHERE type(x) = 'DEPENDS_ON']) AS hops
  WHERE 1 <= hops <= $depth AND NOT n IN origins AND NOT n IN starts
  RETURN {n: n, route: route, hops: hops}
} AS reached
WITH reached, starts, [x IN reached WHERE x.n:Process AND x.hops < $depth | x] + [r IN starts | {n: r, route: null, hops: 0}] AS callers
// External endpoints: connections of the starting processes and of the providers reached, to addresses no known host owns.
WITH reached + COLLECT {
  UNWIND callers AS c
  MATCH (p)-[l:CONNECTS_TO]->(e:Endpoint {external: true}) WHERE p = c.n AND NOT coalesce(l.gone, false)
  RETURN {n: e, route: c.route, hops: c.hops + 1, tail: CASE WHEN c.route IS NULL THEN [c.n, e] ELSE [e] END}
} AS items
UNWIND items AS it
WITH it ORDER BY it.hops, CASE WHEN it.route IS NULL THEN 0 ELSE length(it.route) END
WITH it.n AS n, collect(it)[0] AS best
WITH n, best, CASE WHEN n:Process THEN COLLECT { MATCH (hh:Host)-[:RUNS]->(n) RETURN hh }[0] END AS host
WITH collect({n: n, host: host, hops: best.hops, route: best.route, tail: best.tail}) AS found
WITH found, COLLECT {
  UNWIND [f IN found WHERE f.host IS NOT NULL] AS f
  WITH f ORDER BY f.hops
  WITH f.host AS hh, collect(f)[0] AS first
  RETURN first {.*, kind: 'host', name: hh.hostname, hostname: hh.hostname}
} AS hostRows
UNWIND [f IN found WHERE f.n:Service | f {.*, kind: 'service', name: f.n.name, hostname: null}] +
       [f IN found WHERE f.n:Endpoint | f {.*, kind: 'external', name: f.n.ip + ':' + toString(f.n.port) + '/' + f.n.proto, hostname: null}] +
       hostRows AS row
WITH row, CASE WHEN row.route IS NULL THEN [] ELSE nodes(row.route) END + coalesce(row.tail, []) AS chain
WITH row, [x IN chain |
       CASE
         WHEN x:Process THEN COLLECT { MATCH (hh:Host)-[:RUNS]->(x) RETURN hh.hostname }[0] + '/' + x.name + '[' + toString(x.pid) + ']'
         WHEN x:Endpoint THEN x.ip + ':' + toString(x.port)
         ELSE x.name
       END] AS names
RETURN row.hops AS hops, row.kind AS kind, row.name AS name, row.hostname AS host,
       reduce(s = '', t IN names | s + CASE s WHEN '' THEN '' ELSE ' → ' END + t) AS path, row.route AS _path
ORDER BY hops, kind, name

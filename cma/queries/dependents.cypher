// description: Who depends on a host or service, transitively: the services and hosts that use it, nearest first, with the path
// param: target string  Host (hostname or id) or service (name or key)
// param: depth int = 1  Follow at most this many DEPENDS_ON levels (at most 8)
// columns: hops, kind, name, host, path, _path
// hops counts DEPENDS_ON levels from the target. A service is listed when one of its providers depends on the
// target; host is the host of the dependent process (empty for a service). Stale DEPENDS_ON edges and gone
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
MATCH route = ANY SHORTEST (r)((a)<-[d:DEPENDS_ON|PROVIDED_BY]-(b) WHERE NOT coalesce(d.stale, false) AND NOT coalesce(b.gone, false)){1,16}(n)
WITH origin, route, n, size([x IN relationships(route) WHERE type(x) = 'DEPENDS_ON']) AS hops
WHERE 1 <= hops <= $depth AND n <> origin
WITH n, route, hops ORDER BY hops, length(route)
WITH n, collect({route: route, hops: hops})[0] AS best
WITH n, best, CASE WHEN n:Process THEN COLLECT { MATCH (hh:Host)-[:RUNS]->(n) RETURN hh }[0] END AS host
WITH collect({n: n, host: host, hops: best.hops, route: best.route}) AS found
WITH found, COLLECT {
  UNWIND [f IN found WHERE f.host IS NOT NULL] AS f
  WITH f ORDER BY f.hops
  WITH f.host AS hh, collect(f)[0] AS first
  RETURN first {.*, kind: 'host', name: hh.hostname, hostname: hh.hostname}
} AS hostRows
UNWIND [f IN found WHERE f.n:Service | f {.*, kind: 'service', name: f.n.name, hostname: null}] +
       hostRows AS row
WITH row, [x IN nodes(row.route) |
       CASE
         WHEN x:Process THEN COLLECT { MATCH (hh:Host)-[:RUNS]->(x) RETURN hh.hostname }[0] + '/' + x.name + '[' + toString(x.pid) + ']'
         ELSE x.name
       END] AS names
RETURN row.hops AS hops, row.kind AS kind, row.name AS name, row.hostname AS host,
       reduce(s = '', t IN names | s + CASE s WHEN '' THEN '' ELSE ' ← ' END + t) AS path, row.route AS _path
ORDER BY hops, kind, name

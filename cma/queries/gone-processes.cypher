// description: Processes that went away since a time (gone = true), newest first: what stopped running, where, and when
// param: since time = 1d  Start of the window: wall ms, an ISO 8601 time, or an age such as 90s, 10m, 2h, 7d
// param: limit int = 1000  At most this many processes (the most recent)
// columns: goneAt, host, process, pid, exe, lastSeen
// Uses the Process(goneAtMs) index. A process that came back (gone = false) is not listed.
MATCH (p:Process)
WHERE p.goneAtMs >= $since AND p.gone = true
WITH p ORDER BY p.goneAtMs DESC LIMIT $limit
RETURN toString(datetime({epochMillis: p.goneAtMs})) AS goneAt,
       COLLECT { MATCH (h:Host)-[:RUNS]->(p) RETURN h.hostname }[0] AS host,
       p.name AS process, p.pid AS pid, p.exe AS exe,
       CASE WHEN p.lastSeenMs IS NULL THEN null ELSE toString(datetime({epochMillis: p.lastSeenMs})) END AS lastSeen
ORDER BY p.goneAtMs DESC, host, pid

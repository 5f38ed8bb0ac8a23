// description: Events since a time, oldest first: joins, restarts, deaths, moves, shutdowns and nanoprobe reports
// param: since time  Start of the window: wall ms, an ISO 8601 time, or an age such as 90s, 10m, 2h, 7d
// param: limit int = 1000  At most this many events (the oldest of the window)
// columns: time, type, host, ring, detail
// `host` is the hostname of the host the event is ABOUT, else the event's hostId; `detail` is the event's JSON text.
MATCH (e:Event)
WHERE e.wallMs >= $since
OPTIONAL MATCH (e)-[:ABOUT]->(h:Host)
RETURN toString(datetime({epochMillis: e.wallMs})) AS time,
       e.type AS type,
       coalesce(h.hostname, e.hostId) AS host,
       e.ringId AS ring,
       e.detail AS detail
ORDER BY e.wallMs, e.id
LIMIT $limit

// description: Hosts that are not up (dead or shut down), most recent change first
// columns: hostname, hostId, status, since, reason
// `since` is when the host entered that status; `reason` says who confirmed a death (empty for a clean shutdown).
// The CMA records a death's reason with the observers' host ids; they are shown as hostnames here (an id no Host
// has stays as it is).
MATCH (h:Host)
WHERE h.status IN ['dead', 'shutdown']
WITH h, CASE WHEN coalesce(h.deadReason, '') = '' THEN null ELSE h.deadReason END AS raw
WITH h, raw, CASE WHEN raw IS NULL THEN [] ELSE split(replace(replace(raw, ';', ' '), ',', ' '), ' ') END AS words
RETURN h.hostname AS hostname,
       h.hostId AS hostId,
       h.status AS status,
       CASE WHEN h.statusSinceMs IS NULL THEN null ELSE toString(datetime({epochMillis: h.statusSinceMs})) END AS since,
       reduce(r = raw, o IN COLLECT { MATCH (o:Host) WHERE o.hostId IN words AND o.hostname IS NOT NULL RETURN o } | replace(r, o.hostId, o.hostname)) AS reason
ORDER BY h.statusSinceMs DESC, hostname

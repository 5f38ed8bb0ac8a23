// description: Hosts that are not up (dead or shut down), most recent change first
// columns: hostname, hostId, status, since, reason
// `since` is when the host entered that status; `reason` says who confirmed a death (empty for a clean shutdown).
MATCH (h:Host)
WHERE h.status IN ['dead', 'shutdown']
RETURN h.hostname AS hostname,
       h.hostId AS hostId,
       h.status AS status,
       CASE WHEN h.statusSinceMs IS NULL THEN null ELSE toString(datetime({epochMillis: h.statusSinceMs})) END AS since,
       CASE WHEN h.deadReason = '' THEN null ELSE h.deadReason END AS reason
ORDER BY h.statusSinceMs DESC, hostname

// description: Every ring with its members in heartbeat order (the last member closes the cycle); the top ring last
// columns: ring, placement, size, members
MATCH (r:Ring)
WITH r, COLLECT { MATCH (h:Host)-[m:MEMBER_OF]->(r) RETURN h.hostname ORDER BY m.position } AS members
RETURN r.ringId AS ring, r.placement AS placement, size(members) AS size, members
ORDER BY r.placement = 'top', ring

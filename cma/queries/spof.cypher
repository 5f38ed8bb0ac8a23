// description: Single points of failure: for every service that has clients, the one host or one switch whose failure cuts it off from all its providers
// columns: service, clients, spofKind, spof, why
// A service with one provider host has that host as a single point of failure. When every provider host is wired
// only to the same switch (no NIC reaching another one), that switch is one too. A service whose providers sit on
// two switches, or whose wiring is unknown for a provider, has no switch row. clients counts the distinct hosts with
// a live (not stale) DEPENDS_ON to the service. Gone processes do not provide anything.
// clients, providerHosts (the distinct hosts running a live provider process), providerHostId (the only one's) and
// providerSwitch (the one switch every provider host is wired to, and to no other) are maintained on the Service by
// the dependency derivation (docs/graph-model.md).
MATCH (s:Service)
WITH s, s.clients AS clients, s.providerHosts AS hosts
WHERE clients > 0 AND hosts > 0
UNWIND (CASE WHEN hosts = 1
          THEN [{kind: 'host', name: COLLECT { MATCH (h:Host {hostId: s.providerHostId}) RETURN h.hostname }[0], why: 'the only provider host'}]
          ELSE [] END) +
       (CASE WHEN s.providerSwitch IS NOT NULL
          THEN [{kind: 'switch', name: COLLECT { MATCH (sw:Switch {chassisId: s.providerSwitch}) RETURN coalesce(sw.name, sw.chassisId) }[0],
                 why: CASE hosts WHEN 1 THEN 'the only provider host is wired only to it'
                      ELSE 'all ' + toString(hosts) + ' provider hosts are wired only to it' END}]
          ELSE [] END) AS point
RETURN s.name AS service, clients, point.kind AS spofKind, point.name AS spof, point.why AS why
ORDER BY clients DESC, service, s.key, spofKind, spof

/**
 * Typed graph facts of one DISCOVERY (docs/graph-model.md): what the stores MERGE. One `DiscoveryFacts` is the
 * whole state of one kind on one host: whatever the host held for that kind and is absent here is marked gone
 * by the store (`gone = true`, `goneAtMs`), never deleted. Plain data, no I/O.
 */
import type { HostId } from '../../protocol/index.ts';

/** The kinds the CMA interprets; others stay opaque Discovery nodes. */
export const FACT_KINDS = ['inventory', 'lldp', 'netstat', 'arp', 'facts'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** `NIC` + `(Host)-[:HAS_NIC]->(NIC)`. */
export interface NicFact {
  readonly mac: string;
  readonly name: string;
  readonly mtu: number | null;
  readonly speedMbps: number | null;
}

/** `IPAddress` + `(NIC)-[:HAS_IP {prefixLength}]->(IPAddress)-[:IN_SUBNET]->(Subnet)`. */
export interface IpFact {
  readonly mac: string;
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefixLength: number;
  readonly cidr: string;
}

/** `Switch` (from one LLDP/CDP neighbour). */
export interface SwitchFact {
  readonly chassisId: string;
  readonly chassisIdSubtype: string;
  readonly name: string;
  readonly description: string;
  readonly capabilities: readonly string[];
  readonly managementIps: readonly string[];
  readonly protocol: string;
}

/** `SwitchPort` + `(Switch)-[:HAS_PORT]->(SwitchPort)` + `(NIC named nic)-[:WIRED_TO]->(SwitchPort)`. */
export interface PortFact {
  /** JSON of [chassisId, portId]. */
  readonly key: string;
  readonly chassisId: string;
  readonly portId: string;
  readonly portIdSubtype: string;
  readonly description: string;
  readonly vlans: readonly number[];
  readonly pvid: number | null;
  /** The host's interface the frame was heard on. */
  readonly nic: string;
  readonly protocol: string;
}

/** `Process` + `(Host)-[:RUNS]->(Process)`. */
export interface ProcessFact {
  /** JSON of [hostId, pid, startTime]. */
  readonly key: string;
  readonly pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22); 0 when unknown. */
  readonly startTime: number;
  readonly exe: string;
  readonly cmdline: string;
  /** The uid as text ('' when unknown). */
  readonly user: string;
  readonly name: string;
}

/** `(Process)-[:LISTENS_ON|CONNECTS_TO]->(Endpoint)`; a listener on a concrete address of the host. */
export interface EndpointFact {
  readonly processKey: string;
  /** JSON of [ip, port, proto]. */
  readonly key: string;
  readonly ip: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
}

/** `(Host)-[:SEES {mac, source: 'arp'}]->(IPAddress)`. */
export interface SeesFact {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly mac: string;
}

/** The facts of one kind's full state on one host; lists of other kinds are empty. */
export interface DiscoveryFacts {
  readonly hostId: HostId;
  readonly kind: FactKind;
  readonly wallMs: number;
  readonly nics: readonly NicFact[];
  readonly ips: readonly IpFact[];
  readonly switches: readonly SwitchFact[];
  readonly ports: readonly PortFact[];
  readonly processes: readonly ProcessFact[];
  readonly listens: readonly EndpointFact[];
  readonly connects: readonly EndpointFact[];
  readonly sees: readonly SeesFact[];
  /**
   * Kind `facts`: the Host node's operator properties, every HOST_FACT_KEYS key (null = not given: cleared).
   * Absent for other kinds.
   */
  readonly hostProps?: Readonly<Record<string, string | number | boolean | null>>;
}

/** JSON text of a composite key (docs/graph-model.md: no spaces, numbers as numbers). */
export const compositeKey = (...parts: readonly (string | number)[]): string => JSON.stringify(parts);

/**
 * A canonical text form of the discovery graph (one line per node or relationship, sorted), so the store
 * contract suite compares MemoryGraphStore and Neo4jGraphStore with one expectation.
 */
import { HOST_FACT_KEYS } from '../../protocol/index.ts';

/** Properties shown per label or relationship type (absent ones print as null; `gone`/`stale` as false). */
export const FACT_LINE_PROPS: Readonly<Record<string, readonly string[]>> = {
  Host: [...HOST_FACT_KEYS],
  NIC: ['name', 'mtu', 'speedMbps', 'hostId', 'gone'],
  IPAddress: ['family', 'gone'],
  Subnet: [],
  Switch: ['name', 'chassisIdSubtype', 'capabilities'],
  SwitchPort: ['chassisId', 'portId', 'vlans', 'pvid'],
  Process: ['hostId', 'pid', 'startTime', 'exe', 'name', 'gone'],
  Endpoint: ['ip', 'port', 'proto', 'external'],
  Service: ['name', 'port', 'proto'],
  HAS_NIC: [],
  HAS_IP: ['prefixLength'],
  IN_SUBNET: [],
  HAS_PORT: [],
  WIRED_TO: ['protocol', 'gone'],
  RUNS: [],
  LISTENS_ON: ['gone'],
  CONNECTS_TO: ['gone'],
  SEES: ['mac', 'gone'],
  PROVIDED_BY: [],
  DEPENDS_ON: ['stale'],
};

const FLAGS = new Set(['gone', 'stale', 'external']);

function props(kind: string, p: Readonly<Record<string, unknown>>): string {
  return (FACT_LINE_PROPS[kind] ?? []).map((k) => `${k}=${JSON.stringify(p[k] ?? (FLAGS.has(k) ? false : null))}`).join(' ');
}

/** `Label key props…`. */
export const nodeLine = (label: string, key: string, p: Readonly<Record<string, unknown>>): string => `${label} ${key} ${props(label, p)}`.trimEnd();

/** `TYPE fromLabel fromKey -> toLabel toKey props…` (from/to are `Label key`). */
export const relLine = (type: string, from: string, to: string, p: Readonly<Record<string, unknown>>): string => `${type} ${from} -> ${to} ${props(type, p)}`.trimEnd();

/**
 * The graph schema of docs/graph-model.md: one uniqueness constraint per node key, plus the extra indexes the
 * named queries need. Created idempotently (`IF NOT EXISTS`) on every CMA start by `ensureSchema`.
 *
 * Composite keys (SwitchPort, Process, Endpoint, and the store's Discovery) are one synthetic `key` property,
 * the JSON text of the key's parts (e.g. `["00:11:22:33:44:55","Gi0/1"]`): node-key constraints are Neo4j
 * Enterprise only, and a single-property uniqueness constraint works on Community and Enterprise alike.
 */

/** A uniqueness constraint on one property of a label. */
export interface SchemaConstraint {
  readonly name: string;
  readonly label: string;
  readonly property: string;
}

/** A range index on one property of a label. */
export interface SchemaIndex {
  readonly name: string;
  readonly label: string;
  readonly property: string;
}

const unique = (label: string, property: string): SchemaConstraint => ({ name: `${label.toLowerCase()}_${property}_unique`, label, property });
const index = (label: string, property: string): SchemaIndex => ({ name: `${label.toLowerCase()}_${property}`, label, property });

/** The node keys (docs/graph-model.md "Nodes" table). */
export const SCHEMA_CONSTRAINTS: readonly SchemaConstraint[] = [
  unique('Host', 'hostId'),
  unique('Ring', 'ringId'),
  unique('Event', 'id'),
  unique('NIC', 'mac'),
  unique('IPAddress', 'ip'),
  unique('Subnet', 'cidr'),
  unique('Switch', 'chassisId'),
  unique('SwitchPort', 'key'),
  unique('Process', 'key'),
  unique('Endpoint', 'key'),
  unique('Service', 'key'),
  unique('Monitor', 'id'),
  unique('Discovery', 'key'),
];

/** Indexes besides the constraints' own (docs/graph-model.md "Indexes"). */
export const SCHEMA_INDEXES: readonly SchemaIndex[] = [
  index('Host', 'status'),
  index('Host', 'hostname'),
  index('Event', 'wallMs'),
  index('Event', 'hostId'),
  index('Process', 'hostId'),
  index('Process', 'goneAtMs'),
  index('Endpoint', 'port'),
  index('Switch', 'name'),
  index('Service', 'name'),
];

/** A range index on properties of a relationship type. */
export interface SchemaRelationshipIndex {
  readonly name: string;
  readonly type: string;
  readonly properties: readonly string[];
}

/**
 * Relationship indexes (docs/graph-model.md "Indexes"): the derivation finds the live DEPENDS_ON edges due to go
 * stale through `DEPENDS_ON(stale, lastSeenMs)` instead of reading every edge.
 */
export const SCHEMA_RELATIONSHIP_INDEXES: readonly SchemaRelationshipIndex[] = [{ name: 'depends_on_stale_lastSeenMs', type: 'DEPENDS_ON', properties: ['stale', 'lastSeenMs'] }];

/** The DDL statements, in order (labels and names come from the constants above, never from input). */
export function schemaStatements(): string[] {
  return [
    ...SCHEMA_CONSTRAINTS.map((c) => `CREATE CONSTRAINT ${c.name} IF NOT EXISTS FOR (n:${c.label}) REQUIRE n.${c.property} IS UNIQUE`),
    ...SCHEMA_INDEXES.map((i) => `CREATE INDEX ${i.name} IF NOT EXISTS FOR (n:${i.label}) ON (n.${i.property})`),
    ...SCHEMA_RELATIONSHIP_INDEXES.map((i) => `CREATE INDEX ${i.name} IF NOT EXISTS FOR ()-[r:${i.type}]-() ON (${i.properties.map((x) => `r.${x}`).join(', ')})`),
  ];
}

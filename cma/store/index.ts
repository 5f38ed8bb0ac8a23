/**
 * @packageDocumentation
 * cma/store — the CMA's persistence seam (DESIGN §7). `GraphStore` is the interface the CMA shell writes the
 * decision core's `StoreBatch`es through and rebuilds from at start; `MemoryGraphStore` implements it in memory
 * for tests and the simulator; `Neo4jGraphStore` is the store of record (docs/graph-model.md); `FileGraphStore`
 * snapshots the memory store to one file for small single-box setups.
 *
 * @example
 * ```ts
 * const store = new MemoryGraphStore();
 * await store.apply({ hosts: [record], ringChanges: plan.graphChanges, events: [], discovery: [] });
 * const members = await store.loadRingMembers(); // → planRebuild(members)
 * ```
 */
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.ts';
export {
  EVENT_TYPES,
  HOST_STATUSES,
  isEmptyBatch,
  mergeBatches,
  type DiscoveryRecord,
  type EventDetailValue,
  type EventRecord,
  type EventType,
  type GraphStore,
  type HostRecord,
  type HostStatus,
  type StoreBatch,
  type StoredDiscoveryHash,
} from './graph-store.ts';
export { DEFAULT_MAX_EVENTS, MemoryGraphStore, type MemoryGraphStoreInit } from './memory-store.ts';
export { FileGraphStore } from './file-store.ts';
export { runBatchWork, type BatchStep, type ServicesStep } from './batch-work.ts';
export type { FactNode, FactRel } from './fact-graph.ts';
export { DEFAULT_DEPENDENCY_STALE_MS, Neo4jGraphStore, batchStatements, toStoreError, type Neo4jGraphStoreInit } from './neo4j-store.ts';
export { SCHEMA_CONSTRAINTS, SCHEMA_INDEXES, SCHEMA_RELATIONSHIP_INDEXES, schemaStatements, type SchemaConstraint, type SchemaIndex, type SchemaRelationshipIndex } from './neo4j-schema.ts';
export { coalesceRingChanges, discoveryKey } from './neo4j-rows.ts';
export { QUERY_RUN_ERROR_CODES, QueryRunError, type QueryRunErrorCode } from './query-run-error.ts';
export {
  collectGraph,
  openDriver,
  QUERY_CONNECT_TIMEOUT_MS,
  runReadQuery,
  toJson,
  type GraphNode,
  type GraphRelationship,
  type JsonValue,
  type Neo4jConnection,
  type QueryRows,
  type ResultGraph,
} from './query-runner.ts';

// The discovery graph of a Neo4j database in the canonical line form of cma/store/fact-lines.ts (what
// MemoryGraphStore.factLines() returns), for the store contract suite.
import { nodeLine, relLine } from '../../cma/store/fact-lines.ts';
import type { TestNeo4j } from './neo4j-server.ts';

const KEY = 'coalesce(n.key, n.mac, n.ip, n.cidr, n.chassisId, n.hostId)';

export async function neo4jFactLines(db: TestNeo4j): Promise<string[]> {
  const nodes = await db.query(`
MATCH (n) WHERE n:NIC OR n:IPAddress OR n:Subnet OR n:Switch OR n:SwitchPort OR n:Process OR n:Endpoint OR n:Service OR (n:Host AND n.factsWallMs IS NOT NULL)
RETURN labels(n)[0] AS label, ${KEY} AS key, properties(n) AS props`);
  const rels = await db.query(`
MATCH (n)-[r:HAS_NIC|HAS_IP|IN_SUBNET|HAS_PORT|WIRED_TO|RUNS|LISTENS_ON|CONNECTS_TO|SEES|PROVIDED_BY|DEPENDS_ON]->(m)
RETURN type(r) AS type, labels(n)[0] + ' ' + ${KEY} AS from, labels(m)[0] + ' ' + ${KEY.replaceAll('n.', 'm.')} AS to, properties(r) AS props`);
  return [
    ...nodes.map((r) => nodeLine(r['label'] as string, r['key'] as string, r['props'] as Record<string, unknown>)),
    ...rels.map((r) => relLine(r['type'] as string, r['from'] as string, r['to'] as string, r['props'] as Record<string, unknown>)),
  ].sort();
}

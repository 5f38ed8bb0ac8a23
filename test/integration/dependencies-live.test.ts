// Live dependency discovery: in network namespaces, a db host runs a real TCP server (python3 http.server) and a
// web host a real client holding a connection to it; both run real nanoprobes, the CMA runs on a real Neo4j with
// a fast discovery plan. The graph gets web's client process DEPENDS_ON the server's Service, PROVIDED_BY db's
// server process, and each host's NIC, address and subnet.
import test from 'ava';
import { useNeo4jFleet } from '../helpers/neo4j-fleet.ts';

const PORT = 5480;
const world = useNeo4jFleet(test, { tag: 'dl', nanoprobes: 2 });

test.serial('web → db: a real client connection becomes DEPENDS_ON the db server Service in Neo4j', async (t) => {
  t.timeout(240_000);
  const { fleet, db } = world();
  const [web, dbHost] = [fleet.lan.host(1), fleet.lan.host(2)];
  world().startCma(['--discovery', 'netstat=2s/1s,arp=2s/1s,inventory=3s/2s,lldp=off']);
  const server = fleet.lan.spawn(dbHost, 'python3', ['-m', 'http.server', String(PORT), '--bind', '0.0.0.0']);
  await fleet.until('the server to listen', async () => (await new Promise<boolean>((resolve) => {
    const probe = fleet.lan.spawn(web, 'python3', ['-c', `import socket; socket.create_connection(('${dbHost.ip}', ${PORT}), 2).close()`]);
    probe.once('exit', (code) => { resolve(code === 0); });
  })) || undefined, 20_000);
  const client = fleet.lan.spawn(web, 'python3', ['-c', `import socket, time\ns = socket.create_connection(('${dbHost.ip}', ${PORT}))\ntime.sleep(600)`]);
  fleet.startProbe(1);
  fleet.startProbe(2);
  const row = await fleet.until('web → db DEPENDS_ON in Neo4j', async () => {
    const rows = await db.query(`
      MATCH (w:Host {hostname: 'h1'})-[:RUNS]->(c:Process)-[d:DEPENDS_ON]->(s:Service)-[:PROVIDED_BY]->(p:Process)<-[:RUNS]-(h:Host)
      WHERE NOT d.stale AND NOT p.gone
      RETURN c.pid AS clientPid, s.name AS service, s.key AS key, p.pid AS serverPid, h.hostname AS provider`);
    return rows[0];
  }, 120_000);
  t.is(row['clientPid'], client.pid, 'the client is the python3 process in web (ip netns exec execs it in place)');
  t.is(row['serverPid'], server.pid);
  t.is(row['provider'], 'h2');
  t.regex(String(row['service']), new RegExp(`^python3[.0-9]*:${PORT}$`));
  t.is(row['key'], `${String(row['service'])}@${String((await db.query("MATCH (h:Host {hostname: 'h2'}) RETURN h.hostId AS id"))[0]?.['id'])}`);
  const nic = await db.query(`
    MATCH (:Host {hostname: 'h2'})-[:HAS_NIC]->(n:NIC)-[:HAS_IP]->(i:IPAddress)-[:IN_SUBNET]->(s:Subnet)
    RETURN i.ip AS ip, s.cidr AS cidr`);
  t.deepEqual(nic, [{ ip: dbHost.ip, cidr: '198.18.0.0/16' }]);
  const listen = await db.query(`
    MATCH (:Host {hostname: 'h2'})-[:RUNS]->(:Process)-[l:LISTENS_ON]->(e:Endpoint {port: ${PORT}}) RETURN e.ip AS ip`);
  t.deepEqual(listen, [{ ip: dbHost.ip }], 'the 0.0.0.0 listener is recorded on the host address');
  // the connection goes away: the client's connection is marked gone at the next netstat
  client.kill('SIGKILL');
  await fleet.until('the connection gone', async () => {
    const rows = await db.query(`MATCH (:Host {hostname: 'h1'})-[:RUNS]->(:Process)-[k:CONNECTS_TO]->(:Endpoint {port: ${PORT}}) RETURN k.gone AS gone`);
    return rows.length > 0 && rows.every((r) => r['gone'] === true) ? true : undefined;
  }, 60_000);
  t.pass();
});

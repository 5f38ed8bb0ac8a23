// Live procfs discovery: a real TCP server and a real client process; `nanoprobe discover netstat` reports the
// listener and the connection with the right pids and executables, and agrees with `ss -tanp` on this host.
import test from 'ava';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

interface Row {
  socket: { table: string; state: string; local: { address: string; port: number }; remote: { address: string; port: number } };
  owners: { pid: number; exe?: string; name?: string }[];
}

const children: ChildProcess[] = [];
test.after.always(() => {
  for (const c of children) c.kill('SIGKILL');
});

function startNode(code: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => {
      resolve({ child, line: d.toString().trim() });
    });
    child.once('exit', (c) => {
      reject(new Error(`child exited ${String(c)}`));
    });
  });
}

test('listener and client connection are found with their pids and executables, as ss sees them', async (t) => {
  const server = await startNode("const s=require('net').createServer(c=>c.on('data',()=>{})).listen(0,'127.0.0.1',()=>console.log(s.address().port));setInterval(()=>{},1e6)");
  const port = Number(server.line);
  const client = await startNode(`const c=require('net').connect(${port},'127.0.0.1',()=>console.log(c.localPort));setInterval(()=>{},1e6)`);
  const clientPort = Number(client.line);
  const r = spawnSync(process.execPath, ['dist/nanoprobe/cli.js', 'discover', 'netstat', '--json'], { encoding: 'utf8', timeout: 30_000, maxBuffer: 256 * 1024 * 1024 });
  t.is(r.status, 0, r.stderr);
  const rows = (JSON.parse(r.stdout) as { sockets: Row[] }).sockets;
  const listener = rows.find((x) => x.socket.state === 'LISTEN' && x.socket.local.port === port);
  t.truthy(listener, 'the listener is there');
  t.deepEqual(listener?.owners.map((o) => o.pid), [server.child.pid]);
  t.is(listener?.owners[0]?.exe, process.execPath);
  const conn = rows.find((x) => x.socket.state === 'ESTABLISHED' && x.socket.local.port === clientPort && x.socket.remote.port === port);
  t.truthy(conn, 'the client connection is there');
  t.deepEqual(conn?.owners.map((o) => o.pid), [client.child.pid]);
  // The oracle: ss -tanp on the same host names the same pids for the same ports.
  const ss = spawnSync('ss', ['-tanpH'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout.split('\n');
  t.true(ss.some((l) => l.includes(`127.0.0.1:${port} `) && l.startsWith('LISTEN') && l.includes(`pid=${String(server.child.pid)},`)), 'ss agrees on the listener');
  t.true(ss.some((l) => l.includes(`127.0.0.1:${clientPort} `) && l.includes(`pid=${String(client.child.pid)},`)), 'ss agrees on the client');
});

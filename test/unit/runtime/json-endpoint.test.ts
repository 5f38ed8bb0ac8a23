// JsonEndpoint on a Unix socket (node:net, socket-http.ts) and on TCP (node:http): the same answers to real
// clients — node:http's request through getJson, raw bytes, fetch.
import test from 'ava';
import { request } from 'node:http';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonEndpoint, getJson } from '../../../runtime/index.ts';

const provide = (url: URL): unknown => {
  if (url.pathname === '/status') return { ok: true, q: url.searchParams.get('q'), text: 'héllo' };
  if (url.pathname === '/boom') throw new Error('it broke');
  return undefined;
};

function raw(socketPath: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socketPath);
    let out = '';
    c.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    c.on('end', () => {
      resolve(out);
    });
    c.on('error', reject);
    c.write(bytes);
  });
}

function post(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/status', method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

test('on a Unix socket: GET → JSON (200), unknown path 404, a throwing provider 500, POST 405, garbage 400; stop removes the socket', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-je-'));
  const socketPath = join(dir, 'x.sock');
  const ep = new JsonEndpoint({ socketPath }, provide);
  await ep.start();
  try {
    t.deepEqual(await getJson(socketPath, '/status?q=1'), { ok: true, q: '1', text: 'héllo' });
    t.deepEqual(await getJson(socketPath, '/nope'), { error: 'no such endpoint /nope' });
    t.deepEqual(await getJson(socketPath, '/boom'), { error: 'it broke' });
    t.is(await post(socketPath), 405);
    const r = await raw(socketPath, 'GET /status HTTP/1.1\r\nhost: x\r\n\r\n');
    t.regex(r, /^HTTP\/1\.1 200 OK\r\ncontent-type: application\/json\r\ncontent-length: \d+\r\nconnection: close\r\n\r\n\{"ok":true/);
    t.regex(await raw(socketPath, 'hello\r\n\r\n'), /^HTTP\/1\.1 400 /);
    t.regex(await raw(socketPath, `GET /${'a'.repeat(9_000)}`), /^HTTP\/1\.1 431 /);
  } finally {
    await ep.stop();
  }
  t.false(existsSync(socketPath));
  await t.throwsAsync(getJson(socketPath, '/status'));
  rmSync(dir, { recursive: true, force: true });
});

test('on TCP (node:http): the same answers, and address() gives the bound port', async (t) => {
  const ep = new JsonEndpoint({ host: '127.0.0.1', port: 0 }, provide);
  await ep.start();
  try {
    const { port } = ep.address();
    const ok = await fetch(`http://127.0.0.1:${port}/status?q=2`);
    t.is(ok.status, 200);
    t.deepEqual(await ok.json(), { ok: true, q: '2', text: 'héllo' });
    t.is((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404);
    t.is((await fetch(`http://127.0.0.1:${port}/boom`)).status, 500);
    t.is((await fetch(`http://127.0.0.1:${port}/status`, { method: 'POST' })).status, 405);
  } finally {
    await ep.stop();
  }
});

// The real programs of a multi-tier test world, each run as its own process inside a host namespace: Debian's
// redis-server as the database, a Python HTTP server per web host that asks the database on every request over one
// persistent connection, Debian's haproxy as the TCP load balancer in front of the webs, and Python clients keeping
// two HTTP keep-alive connections to the lb busy. Nothing here is a fake: the graph sees what the kernel sees.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TestHost, TestLan } from './netns.ts';

export const DB_PORT = 6379;
export const WEB_PORT = 8080;
export const LB_PORT = 80;
/** Debian's python3 (not a pyenv shim): its exe names the web service. */
export const PYTHON = '/usr/bin/python3';

const WEB_PY = `
import socket, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
DB = (sys.argv[1], int(sys.argv[2]))
NAME = sys.argv[3]
lock = threading.Lock()
conn = None
def ask():
    global conn
    with lock:
        for _ in range(2):
            try:
                if conn is None:
                    conn = socket.create_connection(DB, 2)
                conn.sendall(b'INCR hits\\r\\n')
                reply = conn.recv(64)
                if not reply:
                    raise OSError('closed')
                return reply.decode().strip()
            except OSError:
                if conn is not None:
                    conn.close()
                conn = None
        return None
class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_GET(self):
        hits = ask()
        body = (f'{NAME} {hits}\\n' if hits else 'db unavailable\\n').encode()
        self.send_response(200 if hits else 503)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ask()
ThreadingHTTPServer(('0.0.0.0', ${WEB_PORT}), Handler).serve_forever()
`;

const CLIENT_PY = `
import http.client, sys, time
LB = sys.argv[1]
conns = [http.client.HTTPConnection(LB, ${LB_PORT}, timeout=5) for _ in range(2)]
ok = 0
while True:
    for c in conns:
        try:
            c.request('GET', '/')
            r = c.getresponse()
            r.read()
            if r.status == 200:
                ok += 1
                if ok == 1:
                    print('first answer', flush=True)
        except Exception:
            c.close()
    time.sleep(0.2)
`;

function haproxyConfig(webs: readonly TestHost[]): string {
  return [
    'global',
    '  maxconn 200',
    'defaults',
    '  mode tcp',
    '  timeout connect 2s',
    '  timeout client 1h',
    '  timeout server 1h',
    'frontend www',
    `  bind 0.0.0.0:${LB_PORT}`,
    '  default_backend webs',
    'backend webs',
    '  balance roundrobin',
    ...webs.map((w, i) => `  server web${i + 1} ${w.ip}:${WEB_PORT}`),
    '',
  ].join('\n');
}

/** Throws unless the Debian packages the world runs are installed. */
export function requireTierPackages(): void {
  for (const bin of ['redis-server', 'haproxy', PYTHON]) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install redis-server haproxy python3)`);
}

/**
 * The program name of a running process as the derivation takes it (cma/store/cypher-derive.ts PROGRAM_NAME): what
 * names the Service it provides (`<program>:<port>`) — its comm name unless the kernel cut it from the executable's
 * basename.
 */
export function programName(pid: number): string {
  const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  const exe = basename(readlinkSync(`/proc/${pid}/exe`));
  return comm === '' ? exe : comm.length >= 15 && exe.startsWith(comm) ? exe : comm;
}

export class TierApps {
  readonly #lan: TestLan;
  readonly #dir: string;

  constructor(lan: TestLan, dir: string) {
    this.#lan = lan;
    this.#dir = dir;
    writeFileSync(join(dir, 'web.py'), WEB_PY);
    writeFileSync(join(dir, 'client.py'), CLIENT_PY);
  }

  db(host: TestHost): ChildProcess {
    return this.#lan.spawn(host, 'redis-server', ['--port', String(DB_PORT), '--bind', '0.0.0.0', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', this.#dir, '--daemonize', 'no', '--loglevel', 'warning']);
  }

  web(host: TestHost, db: TestHost): ChildProcess {
    return this.#lan.spawn(host, PYTHON, [join(this.#dir, 'web.py'), db.ip, String(DB_PORT), host.name]);
  }

  lb(host: TestHost, webs: readonly TestHost[]): ChildProcess {
    const cfg = join(this.#dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(webs));
    return this.#lan.spawn(host, 'haproxy', ['-db', '-f', cfg]);
  }

  client(host: TestHost, lb: TestHost): ChildProcess {
    return this.#lan.spawn(host, PYTHON, [join(this.#dir, 'client.py'), lb.ip]);
  }

  /** Whether `host` can open a TCP connection to ip:port now (a real connect from inside the namespace). */
  reachable(host: TestHost, ip: string, port: number): boolean {
    return spawnSync('ip', ['netns', 'exec', host.ns, PYTHON, '-c', `import socket; socket.create_connection(('${ip}', ${port}), 2).close()`], { timeout: 5_000 }).status === 0;
  }
}

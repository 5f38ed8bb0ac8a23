// The real UDP transport on loopback: the compliance suite, plus what only a real socket has.
import test from 'ava';
import { createSocket } from 'node:dgram';
import { SystemClock, UdpTransport } from '../../../runtime/index.ts';
import { transportCompliance, type ComplianceRig } from './transport-compliance.ts';

const clock = new SystemClock();

async function waitUntil(done: () => boolean, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/** A port that was just free (bound then released). */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => {
    s.close(r);
  });
  return port;
}

transportCompliance('UdpTransport 127.0.0.1', {
  async setup(): Promise<ComplianceRig> {
    const a = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock });
    const b = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock });
    await a.start();
    await b.start();
    return {
      a,
      b,
      nowhere: { host: '127.0.0.1', port: await freePort() },
      flush: (until) => waitUntil(until ?? (() => false), until === undefined ? 50 : 3_000),
    };
  },
  async teardown(rig) {
    await rig.a.stop();
    await rig.b.stop();
  },
});

test('the receive buffer is raised (4 MiB asked; the kernel reports what it granted)', async (t) => {
  const u = new UdpTransport({ host: '127.0.0.1', port: 0, recvBufferBytes: 4 * 1024 * 1024 }, { clock });
  await u.start();
  t.true(u.recvBufferBytes >= 400 * 1024, `granted ${u.recvBufferBytes}`);
  await u.stop();
});

test('binding a taken port fails start with EADDRINUSE (a clear error, not a crash)', async (t) => {
  const a = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock });
  await a.start();
  const b = new UdpTransport({ host: '127.0.0.1', port: a.localAddress.port }, { clock });
  await t.throwsAsync(b.start(), { code: 'EADDRINUSE' });
  await b.stop();
  await a.stop();
});

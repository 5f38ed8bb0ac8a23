// One behaviour contract for every Transport (libp2p's interface-compliance idea): run against the real
// UdpTransport on 127.0.0.1 and against MemoryNetwork, so the simulator's network behaves like the real one.
import test, { type ExecutionContext } from 'ava';
import type { Datagram, Transport } from '../../../runtime/index.ts';

export interface ComplianceRig {
  readonly a: Transport;
  readonly b: Transport;
  /** Lets in-flight datagrams arrive: real time for UDP (bounded wait), virtual time for MemoryNetwork. */
  flush(until?: () => boolean): Promise<void>;
  /** An address where nobody listens. */
  readonly nowhere: { host: string; port: number };
}

export interface ComplianceFactory {
  setup(): Promise<ComplianceRig>;
  teardown(rig: ComplianceRig): Promise<void>;
}

function collect(t: Transport): Datagram[] {
  const got: Datagram[] = [];
  t.onDatagram((d) => {
    got.push({ ...d, data: Uint8Array.from(d.data) });
  });
  return got;
}

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);

/** Registers the compliance tests for one transport implementation. */
export function transportCompliance(name: string, factory: ComplianceFactory): void {
  const run = (title: string, body: (rig: ComplianceRig, t: ExecutionContext) => Promise<void>): void => {
    test.serial(`${name}: ${title}`, async (t) => {
      const rig = await factory.setup();
      try {
        await body(rig, t);
      } finally {
        await factory.teardown(rig);
      }
    });
  };

  run('start binds a real port when asked for port 0, and is idempotent', async (rig, t) => {
    t.true(rig.a.localAddress.port > 0);
    const before = rig.a.localAddress;
    await rig.a.start();
    t.deepEqual(rig.a.localAddress, before);
    t.notDeepEqual(rig.a.localAddress, rig.b.localAddress);
  });

  run('a datagram arrives with exact bytes and the sender address as `from`', async (rig, t) => {
    const got = collect(rig.b);
    rig.a.send(rig.b.localAddress, bytes(100, 1));
    await rig.flush(() => got.length >= 1);
    t.is(got.length, 1);
    t.deepEqual(got[0]?.data, bytes(100, 1));
    t.deepEqual(got[0]?.from, rig.a.localAddress);
    t.true(typeof got[0]?.receivedAtMs === 'number');
    t.is(rig.a.stats.sent, 1);
    t.is(rig.b.stats.received, 1);
  });

  run('the sender may reuse its buffer right after send', async (rig, t) => {
    const got = collect(rig.b);
    const buf = bytes(64, 2);
    rig.a.send(rig.b.localAddress, buf);
    buf.fill(0xee);
    await rig.flush(() => got.length >= 1);
    t.deepEqual(got[0]?.data, bytes(64, 2));
  });

  run('1,000 datagrams of sizes up to 1,200 bytes all arrive, intact', async (rig, t) => {
    const got = collect(rig.b);
    for (let i = 0; i < 1000; i++) rig.a.send(rig.b.localAddress, bytes(1 + ((i * 37) % 1200), i));
    await rig.flush(() => got.length >= 1000);
    t.is(got.length, 1000);
    const sizes = new Set(got.map((d) => d.data.length));
    t.true(sizes.size > 100);
    t.true(got.every((d) => d.data.every((v, j) => v === ((j * 13 + (d.data[0] ?? 0)) & 0xff))));
  });

  run('sending to an address where nobody listens does not throw', async (rig, t) => {
    t.notThrows(() => {
      rig.a.send(rig.nowhere, bytes(10, 3));
    });
    await rig.flush();
    const got = collect(rig.b);
    rig.a.send(rig.b.localAddress, bytes(10, 4));
    await rig.flush(() => got.length >= 1);
    t.is(got.length, 1, 'the transport still works afterwards');
  });

  run('a handler that throws is counted as dropped and the transport keeps working', async (rig, t) => {
    let calls = 0;
    rig.b.onDatagram(() => {
      calls++;
      if (calls === 1) throw new Error('handler bug');
    });
    rig.a.send(rig.b.localAddress, bytes(10, 5));
    rig.a.send(rig.b.localAddress, bytes(10, 6));
    await rig.flush(() => calls >= 2);
    t.is(calls, 2);
    t.is(rig.b.stats.dropped, 1);
  });

  run('oversize and bad-port sends are counted errors, never exceptions', async (rig, t) => {
    t.notThrows(() => {
      rig.a.send(rig.b.localAddress, new Uint8Array(70_000));
      rig.a.send({ host: rig.b.localAddress.host, port: 0 }, bytes(1, 1));
    });
    await rig.flush();
    t.is(rig.a.stats.sendErrors, 2);
  });

  run('stop is idempotent; nothing is delivered after it; send after stop is a counted error', async (rig, t) => {
    const got = collect(rig.b);
    const bAddress = rig.b.localAddress;
    await rig.b.stop();
    await rig.b.stop();
    rig.a.send(bAddress, bytes(1, 1));
    await rig.flush();
    t.is(got.length, 0);
    await rig.a.stop();
    const errors = rig.a.stats.sendErrors;
    t.notThrows(() => {
      rig.a.send({ host: '127.0.0.1', port: 9 }, bytes(1, 1));
    });
    t.is(rig.a.stats.sendErrors, errors + 1);
  });
}

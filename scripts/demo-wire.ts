// `npm run demo:wire`: a CMA and two nanoprobes on loopback speaking the real wire protocol — key files, a plain
// STARTUP, SETCONFIG and SENDEXPECTHB over the reliable channel, sealed heartbeats between the nanoprobes, and a
// tampered datagram refused. Human output on stdout; each step says what crossed the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LINK_LIMITS, DecodeError, Link, type Message, type Startup } from '../protocol/index.ts';
import { SystemClock, UdpTransport, loadOrCreateKeyPair, type Address } from '../runtime/index.ts';

const clock = new SystemClock();
const LAN = { intervalMs: 1000, lateMs: 2000, deadMs: 3000 };

interface Node {
  readonly name: string;
  readonly link: Link;
  readonly transport: UdpTransport;
  /** Where each known host id was last heard from. */
  readonly addresses: Map<string, Address>;
  readonly inbox: { from: string; msg: Message }[];
  rejected: Record<string, number>;
}

const say = (line: string): void => {
  console.log(line);
};
const short = (hostId: string): string => `${hostId.slice(0, 8)}…`;

async function startNode(name: string, stateDir: string, role: 'cma' | 'nanoprobe'): Promise<Node> {
  const keys = await loadOrCreateKeyPair(stateDir, name);
  const link = new Link({
    keyPair: keys,
    startWallMs: clock.wallNow(),
    localSession: 1 + Math.floor(Math.random() * 0xfffffffe),
    acceptPlainStartup: role === 'cma',
    acceptUnknownSenders: true,
    ...DEFAULT_LINK_LIMITS,
    ...(role === 'nanoprobe' ? { channel: { autoCommit: true } } : {}),
  });
  const transport = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock });
  const node: Node = { name, link, transport, addresses: new Map(), inbox: [], rejected: {} };
  transport.onDatagram((d) => {
    try {
      const got = link.receive(d.data, d.receivedAtMs);
      if (got.kind === 'startup') {
        node.addresses.set(got.msg.hostId, d.from);
        node.inbox.push({ from: got.msg.hostId, msg: got.msg });
      } else {
        node.addresses.set(got.from, d.from);
        if (got.kind === 'message') node.inbox.push({ from: got.from, msg: got.msg });
      }
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      node.rejected[err.code] = (node.rejected[err.code] ?? 0) + 1;
    }
    flush(node);
  });
  await transport.start();
  say(`${name.padEnd(12)} up on ${transport.localAddress.host}:${transport.localAddress.port}  id ${short(link.hostId)}  (key ${keys.created ? 'created' : 'loaded'} in ${stateDir}, mode 0600)`);
  return node;
}

/** Sends whatever the link has due and collects reliable deliveries. */
function flush(node: Node): void {
  const now = clock.now();
  const out = node.link.poll(now);
  for (const d of out.datagrams) {
    const to = node.addresses.get(d.to);
    if (to !== undefined) node.transport.send(to, d.bytes);
  }
  for (const d of out.delivered) {
    node.inbox.push({ from: d.from, msg: d.msg });
    node.link.commit(d.from, d.seq, now);
  }
}

async function until(done: () => boolean, nodes: Node[], maxMs = 5_000): Promise<void> {
  const deadline = clock.now() + maxMs;
  while (!done() && clock.now() < deadline) {
    for (const n of nodes) flush(n);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!done()) throw new Error('demo: timed out waiting for the exchange');
}

function take(node: Node, type: Message['type']): { from: string; msg: Message } | undefined {
  const i = node.inbox.findIndex((m) => m.msg.type === type);
  return i < 0 ? undefined : node.inbox.splice(i, 1)[0];
}

const stateDir = mkdtempSync(join(tmpdir(), 'ringwatch-demo-'));
const nodes: Node[] = [];
try {
  say('ringwatch demo: one CMA and two nanoprobes on 127.0.0.1, real UDP, sealed with X25519 + ChaCha20-Poly1305\n');
  const cma = await startNode('cma', stateDir, 'cma');
  const probes = [await startNode('nanoprobe-1', stateDir, 'nanoprobe'), await startNode('nanoprobe-2', stateDir, 'nanoprobe')];
  nodes.push(cma, ...probes);
  say('');
  for (const p of probes) {
    const startup: Startup = {
      type: 'STARTUP', hostId: p.link.hostId, publicKey: p.link.publicKey, hostname: p.name, addresses: [p.transport.localAddress],
      version: '0.1.0', machineId: '', startedWallMs: clock.wallNow(), sessionId: 1, discoveryHashes: [],
    };
    const bytes = p.link.plainStartup(startup);
    p.transport.send(cma.transport.localAddress, bytes);
    p.addresses.set('cma', cma.transport.localAddress);
    say(`${p.name} → cma          STARTUP      plain ${bytes.length} B (carries its public key)`);
  }
  await until(() => cma.inbox.filter((m) => m.msg.type === 'STARTUP').length === 2, nodes);
  const [a, b] = probes as [Node, Node];
  for (const p of probes) {
    const st = take(cma, 'STARTUP');
    if (st?.msg.type !== 'STARTUP') throw new Error('demo: no STARTUP');
    cma.link.addPeer(st.msg.publicKey);
    const peer = p === a ? b : a;
    cma.link.sendReliable(p.link.hostId, { type: 'SETCONFIG', cmaId: cma.link.hostId, cmaSession: 1, hostId: p.link.hostId, timing: LAN, cmaAddresses: [cma.transport.localAddress], discovery: [] }, clock.now());
    cma.link.sendReliable(p.link.hostId, { type: 'SENDEXPECTHB', peerId: peer.link.hostId, address: peer.transport.localAddress, publicKey: peer.link.publicKey, ringId: 'subnet:127.0.0.0/8', timing: LAN }, clock.now());
    p.addresses.set(cma.link.hostId, cma.transport.localAddress);
  }
  await until(() => probes.every((p) => p.inbox.filter((m) => m.msg.type === 'SENDEXPECTHB').length === 1), nodes);
  for (const p of probes) {
    const cfg = take(p, 'SETCONFIG');
    const hb = take(p, 'SENDEXPECTHB');
    if (cfg?.msg.type !== 'SETCONFIG' || hb?.msg.type !== 'SENDEXPECTHB') throw new Error('demo: config missing');
    say(`cma → ${p.name}          SETCONFIG    sealed, reliable (interval ${cfg.msg.timing.intervalMs} ms, late ${cfg.msg.timing.lateMs} ms, dead ${cfg.msg.timing.deadMs} ms)`);
    say(`cma → ${p.name}          SENDEXPECTHB sealed, reliable (peer ${short(hb.msg.peerId)} in ring ${hb.msg.ringId})`);
    p.link.addPeer(hb.msg.publicKey);
    p.addresses.set(hb.msg.peerId, hb.msg.address);
  }
  say('');
  for (let seq = 1; seq <= 3; seq++) {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const bytes = from.link.seal(to.link.hostId, { type: 'HEARTBEAT', senderId: from.link.hostId, ringId: 'subnet:127.0.0.0/8', seq });
      from.transport.send(to.transport.localAddress, bytes);
    }
    await until(() => a.inbox.length + b.inbox.length >= 2, nodes);
    for (const [p, other] of [[a, b], [b, a]] as const) {
      const hb = take(p, 'HEARTBEAT');
      if (hb?.msg.type === 'HEARTBEAT') say(`${other.name} → ${p.name}  HEARTBEAT    seq ${hb.msg.seq}, sealed, authenticated as ${short(hb.from)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const forged = a.link.seal(b.link.hostId, { type: 'HEARTBEAT', senderId: a.link.hostId, ringId: 'subnet:127.0.0.0/8', seq: 4 });
  forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0xff;
  a.transport.send(b.transport.localAddress, forged);
  a.transport.send(b.transport.localAddress, Uint8Array.from([1, 2, 3]));
  await until(() => Object.keys(b.rejected).length >= 2, nodes);
  say(`\nattacker → ${b.name}  tampered heartbeat and 3 garbage bytes: refused and counted ${JSON.stringify(b.rejected)}`);
  say(`\nok: ${nodes.reduce((s, n) => s + n.link.stats.sealed, 0)} datagrams sealed, ${nodes.reduce((s, n) => s + n.link.stats.opened, 0)} opened and authenticated; the nanoprobes heartbeat each other and told the CMA nothing.`);
} finally {
  for (const n of nodes) await n.transport.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

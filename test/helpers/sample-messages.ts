/**
 * One fixed, valid sample of every message type. The golden wire fixtures (test/fixtures/wire/v1/<TYPE>.hex) are
 * the encodings of exactly these values: change a sample only together with its fixture.
 */

import type { Message, MessageOf, MessageTypeName, Timing, WireAddress } from '../../protocol/index.ts';

/** Deterministic bytes 0, step, 2·step, … (mod 256). */
export function patternBytes(length: number, step = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * step) & 0xff);
}

const HOST_A = '0123456789abcdef0123456789abcdef';
const HOST_B = 'fedcba9876543210fedcba9876543210';
const CMA = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const KEY_A = patternBytes(32, 7);
const KEY_B = patternBytes(32, 13);
const LAN: Timing = { intervalMs: 1000, lateMs: 2000, deadMs: 3000 };
const ADDR_V4: WireAddress = { host: '198.18.2.3', port: 1984 };
const ADDR_V6: WireAddress = { host: 'fd00::1:2', port: 1984 };
const RING = 'subnet:198.18.2.0/24';

/** The samples, keyed by type name (the mapped type makes a missing or mistyped sample a compile error). */
export const SAMPLE_MESSAGES: { readonly [N in MessageTypeName]: MessageOf<N> } = {
  STARTUP: {
    type: 'STARTUP',
    hostId: HOST_A,
    publicKey: KEY_A,
    hostname: 'web-01.example.net',
    addresses: [ADDR_V4, ADDR_V6],
    version: '0.1.0',
    machineId: '4c4c4544004d3010804bb3c04f564b32',
    startedWallMs: 1_700_000_000_123,
    sessionId: 0xdeadbeef,
    discoveryHashes: [{ kind: 'os', hash: 'sha256:9f86d081884c7d65' }],
  },
  SETCONFIG: {
    type: 'SETCONFIG',
    cmaId: CMA,
    cmaSession: 42,
    hostId: HOST_A,
    timing: LAN,
    cmaAddresses: [{ host: '192.0.2.10', port: 1984 }, { host: '2001:db8::10', port: 1984 }],
    discovery: [
      { kind: 'os', intervalMs: 3_600_000, timeoutMs: 10_000 },
      { kind: 'tcp', intervalMs: 60_000, timeoutMs: 5_000 },
    ],
  },
  SENDEXPECTHB: { type: 'SENDEXPECTHB', peerId: HOST_B, address: ADDR_V6, publicKey: KEY_B, ringId: RING, timing: LAN },
  STOPSENDEXPECTHB: { type: 'STOPSENDEXPECTHB', peerId: HOST_B, ringId: RING },
  HBDEAD: { type: 'HBDEAD', peerId: HOST_B, ringId: RING, silentForMs: 3012 },
  HBLATE: { type: 'HBLATE', peerId: HOST_B, ringId: RING, silentForMs: 2004 },
  HBBACKALIVE: { type: 'HBBACKALIVE', peerId: HOST_B, ringId: RING, silentForMs: 86_400_000 * 60 },
  HBMARTIAN: { type: 'HBMARTIAN', peerId: HOST_B, address: { host: '::ffff:10.9.8.7', port: 40_000 }, ringId: RING },
  HBSHUTDOWN: { type: 'HBSHUTDOWN', hostId: HOST_A, reason: 'SIGTERM' },
  PROBE: { type: 'PROBE', probeId: 7, targetId: HOST_B, address: ADDR_V4, publicKey: KEY_B, timeoutMs: 500 },
  PROBERESULT: { type: 'PROBERESULT', probeId: 7, targetId: HOST_B, alive: true, rttMs: 3 },
  DISCOVERY: {
    type: 'DISCOVERY',
    kind: 'tcp',
    hash: 'sha256:2c26b46b68ffc68f',
    full: true,
    payload: {
      listening: [{ port: 22, proto: 'tcp', pid: 812, cmd: 'sshd' }],
      ratio: 0.25,
      big: 2 ** 40,
      negative: -5,
      none: null,
      flag: false,
      raw: patternBytes(4, 3),
      'ünïcødé 🎉': ['x'],
    },
  },
  DODISCOVER: { type: 'DODISCOVER', kind: 'arp', intervalMs: 60_000, timeoutMs: 5_000, args: ['--iface', 'eth0'] },
  STOPDISCOVER: { type: 'STOPDISCOVER', kind: 'arp' },
  MONITOR: {
    type: 'MONITOR',
    monitorId: 'http:web-01:80',
    kind: 'http',
    target: 'http://127.0.0.1:80/health',
    intervalMs: 10_000,
    timeoutMs: 2_000,
    args: ['--expect', '200'],
  },
  STOPMONITOR: { type: 'STOPMONITOR', monitorId: 'http:web-01:80' },
  MONSTATE: { type: 'MONSTATE', monitorId: 'http:web-01:80', state: 'down', detail: 'connect ECONNREFUSED 127.0.0.1:80' },
  HEARTBEAT: { type: 'HEARTBEAT', senderId: HOST_A, ringId: RING, seq: 123_456 },
  PING: { type: 'PING', senderId: CMA, nonce: 0x1234_5678 },
  PONG: { type: 'PONG', senderId: HOST_B, nonce: 0x1234_5678 },
  ACK: { type: 'ACK', session: 0xdeadbeef, peerSession: 42, ack: 17 },
  SEGMENT: {
    type: 'SEGMENT',
    session: 0xdeadbeef,
    peerSession: 42,
    seq: 18,
    fragIndex: 1,
    fragCount: 3,
    compressed: true,
    data: patternBytes(64, 5),
  },
};

/** The samples as a list of `Message` (handy for loops). */
export const SAMPLE_LIST: readonly Message[] = Object.values(SAMPLE_MESSAGES);

// Hand-built discovery payloads of three hosts (the shapes nanoprobes send: discovery/parsers/payloads.ts,
// docs/discovery.md): web (198.18.0.1) runs nginx and an app connected to two postgres hosts, db1 (198.18.0.2)
// and db2 (198.18.0.3), and to an outside address; web is wired to switch sw1.
import { translateDiscovery, type DiscoveryFacts } from '../../cma/discovery/index.ts';

export const hostN = (n: number): string => n.toString(16).padStart(32, '0');
export const WEB = hostN(1);
export const DB1 = hostN(2);
export const DB2 = hostN(3);
export const mac = (n: number): string => `02:00:00:00:00:${n.toString(16).padStart(2, '0')}`;
export const SWITCH = '00:11:22:33:44:55';

export function inventory(n: number, extraNics: readonly object[] = []): object {
  return {
    nics: [
      { name: 'lo', mac: '00:00:00:00:00:00', mtuBytes: 65_536, addresses: [{ family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' }] },
      { name: 'eth0', mac: mac(n), mtuBytes: 1500, speedMbps: 1000, operstate: 'up', addresses: [{ family: 4, address: `198.18.0.${n}`, prefixLength: 24, scope: 'global' }, { family: 6, address: `fe80::${n}`, prefixLength: 64, scope: 'link' }] },
      ...extraNics,
    ],
  };
}

const proc = (pid: number, exe: string, name: string): object => ({ pid, startTimeTicks: pid * 10, name, exe, cmdline: [exe], uid: 1000 });

/** web: nginx on *:80, the app (python3) connected to both postgres hosts and to 203.0.113.9:443. */
export function webNetstat(opts: { withDb2?: boolean; withApp?: boolean } = {}): object {
  const withApp = opts.withApp ?? true;
  return {
    processes: [proc(100, '/usr/sbin/nginx', 'nginx'), ...(withApp ? [proc(200, '/usr/bin/python3', 'python3')] : [])],
    listeners: [
      { proto: 'tcp', address: '0.0.0.0', port: 80, pids: [100] },
      { proto: 'tcp', address: '127.0.0.1', port: 8080, pids: [100] },
      { proto: 'udp', address: '0.0.0.0', port: 45_000, pids: [100] },
    ],
    connections: withApp
      ? [
          { proto: 'tcp', localAddress: '198.18.0.1', remoteAddress: '198.18.0.2', remotePort: 5432, count: 3, pids: [200] },
          ...(opts.withDb2 ?? true ? [{ proto: 'tcp', localAddress: '198.18.0.1', remoteAddress: '198.18.0.3', remotePort: 5432, count: 1, pids: [200] }] : []),
          { proto: 'tcp', localAddress: '198.18.0.1', remoteAddress: '203.0.113.9', remotePort: 443, count: 1, pids: [200] },
          { proto: 'tcp', localAddress: '127.0.0.1', remoteAddress: '127.0.0.1', remotePort: 6379, count: 1, pids: [200] },
        ]
      : [],
  };
}

/** A postgres host: postgres on *:5432 (db2 dual-stack ::), and on 127.0.0.1:5433 (loopback noise). */
export function dbNetstat(n: number, pid: number): object {
  return {
    processes: [proc(pid, '/usr/lib/postgresql/16/bin/postgres', 'postgres')],
    listeners: [
      { proto: 'tcp', address: n === 3 ? '::' : '0.0.0.0', port: 5432, pids: [pid] },
      { proto: 'tcp', address: '127.0.0.1', port: 5433, pids: [pid] },
    ],
    connections: [],
  };
}

export const webLldp = (port = 'Gi0/1'): object => ({
  neighbours: [
    {
      interface: 'eth0',
      protocol: 'lldp',
      version: 1,
      chassisId: { subtype: 'mac', value: SWITCH },
      portId: { subtype: 'ifname', value: port },
      ttlSec: 120,
      systemName: 'sw1',
      capabilities: ['bridge'],
      managementAddresses: ['198.18.0.250'],
      portVlanId: 10,
      vlans: [10],
    },
  ],
});

export const webArp = (): object => ({
  neighbours: [
    { ip: '198.18.0.2', mac: mac(2), device: 'eth0', permanent: false },
    { ip: '198.18.0.254', mac: '02:00:00:00:00:fe', device: 'eth0', permanent: false },
  ],
});

/** Facts of one report of host n (addresses: its STARTUP address). */
export function factsOf(n: number, kind: string, payload: object, wallMs: number): DiscoveryFacts {
  const f = translateDiscovery(kind, payload, { hostId: hostN(n), addresses: [`198.18.0.${n}`] }, wallMs);
  if (f === undefined) throw new Error(`no facts for ${kind}`);
  return f;
}

/** The whole three-host picture at `wallMs`. */
export function threeHosts(wallMs: number): DiscoveryFacts[] {
  return [
    factsOf(1, 'inventory', inventory(1), wallMs),
    factsOf(2, 'inventory', inventory(2), wallMs),
    factsOf(3, 'inventory', inventory(3), wallMs),
    factsOf(1, 'lldp', webLldp(), wallMs),
    factsOf(1, 'arp', webArp(), wallMs),
    factsOf(1, 'netstat', webNetstat(), wallMs),
    factsOf(2, 'netstat', dbNetstat(2, 300), wallMs),
    factsOf(3, 'netstat', dbNetstat(3, 400), wallMs),
  ];
}

/**
 * FactGraph: the discovery part of the graph (NIC, IPAddress, Subnet, Switch, SwitchPort, Process, Endpoint and
 * their relationships) in plain Maps, for MemoryGraphStore. It applies DiscoveryFacts exactly as the Neo4j store's
 * Cypher does (cma/store/cypher-facts.ts): MERGE on the keys, stamp `lastSeenMs`, then mark what the host held for
 * that kind with an older stamp `gone` (`goneAtMs`), never deleting it.
 */
import type { DiscoveryFacts } from '../discovery/index.ts';

type Props = Record<string, unknown>;

/** A node: label, key value (the property of docs/graph-model.md's key), properties. */
export interface FactNode {
  readonly label: string;
  readonly key: string;
  readonly props: Props;
}

/** A relationship between two node ids (`label key`). */
export interface FactRel {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly props: Props;
}

/** One remembered LLDP link of a host: NIC name → SwitchPort key. */
interface Link {
  readonly nic: string;
  readonly port: string;
  readonly protocol: string;
  readonly wallMs: number;
}

const id = (label: string, key: string): string => `${label} ${key}`;

export class FactGraph {
  /** Nodes by id; bounded by what discovery reported (gone ones stay, as in Neo4j). */
  readonly nodes = new Map<string, FactNode>();
  /** Relationships by `type from to`. */
  readonly rels = new Map<string, FactRel>();
  /** LLDP links per host (the Host node's `lldpLinks` in Neo4j). */
  readonly #links = new Map<string, readonly Link[]>();

  apply(f: DiscoveryFacts): void {
    const host = id('Host', f.hostId);
    const t = f.wallMs;
    switch (f.kind) {
      case 'inventory':
        for (const n of f.nics) {
          const nic = this.#node('NIC', n.mac, { name: n.name, mtu: n.mtu, speedMbps: n.speedMbps, hostId: f.hostId, gone: false, goneAtMs: null, lastSeenMs: t });
          for (const r of this.#relsTo('HAS_NIC', nic)) if (r.from !== host) this.rels.delete(`${r.type} ${r.from} ${r.to}`);
          this.#rel('HAS_NIC', host, nic, {});
        }
        for (const a of f.ips) {
          const ip = this.#node('IPAddress', a.ip, { family: a.family, lastSeenMs: t, gone: false, goneAtMs: null }, { firstSeenMs: t });
          this.#rel('HAS_IP', id('NIC', a.mac), ip, { prefixLength: a.prefixLength, lastSeenMs: t });
          this.#rel('IN_SUBNET', ip, this.#node('Subnet', a.cidr, {}), {});
        }
        for (const n of this.#hostNics(f.hostId)) {
          if (n.props['lastSeenMs'] as number < t) markGone(n.props, t);
          for (const r of this.#relsFrom('HAS_IP', id('NIC', n.key))) {
            if ((r.props['lastSeenMs'] as number) < t) markGone(this.nodes.get(r.to)?.props ?? {}, t);
          }
        }
        this.#linkWired(f.hostId);
        break;
      case 'lldp':
        for (const s of f.switches) this.#node('Switch', s.chassisId, { chassisIdSubtype: s.chassisIdSubtype, name: s.name, description: s.description, capabilities: s.capabilities, managementIps: s.managementIps, protocol: s.protocol, lastSeenMs: t });
        for (const p of f.ports) {
          const port = this.#node('SwitchPort', p.key, { chassisId: p.chassisId, portId: p.portId, portIdSubtype: p.portIdSubtype, description: p.description, vlans: p.vlans, pvid: p.pvid, lastSeenMs: t });
          this.#rel('HAS_PORT', id('Switch', p.chassisId), port, {});
        }
        this.#links.set(f.hostId, f.ports.map((p) => ({ nic: p.nic, port: p.key, protocol: p.protocol, wallMs: t })));
        this.#linkWired(f.hostId);
        for (const n of this.#hostNics(f.hostId)) {
          for (const r of this.#relsFrom('WIRED_TO', id('NIC', n.key))) if ((r.props['lastSeenMs'] as number) < t) markGone(r.props, t);
        }
        break;
      case 'netstat': {
        for (const p of f.processes) {
          const proc = this.#node('Process', p.key, { hostId: f.hostId, pid: p.pid, startTime: p.startTime, exe: p.exe, cmdline: p.cmdline, user: p.user, name: p.name, lastSeenMs: t, gone: false, goneAtMs: null }, { firstSeenMs: t });
          this.#rel('RUNS', host, proc, {});
        }
        for (const [type, list] of [['LISTENS_ON', f.listens], ['CONNECTS_TO', f.connects]] as const) {
          for (const e of list) {
            const where = { ip: e.ip, port: e.port, proto: e.proto };
            const ep = this.#node('Endpoint', e.key, type === 'LISTENS_ON' ? { ...where, external: false } : where, { external: false });
            this.#rel(type, id('Process', e.processKey), ep, { lastSeenMs: t, gone: false, goneAtMs: null }, { firstSeenMs: t });
          }
        }
        for (const r of this.#relsFrom('RUNS', host)) {
          const proc = this.nodes.get(r.to);
          if (proc === undefined) continue;
          if ((proc.props['lastSeenMs'] as number) < t) markGone(proc.props, t);
          for (const type of ['LISTENS_ON', 'CONNECTS_TO']) for (const x of this.#relsFrom(type, r.to)) if ((x.props['lastSeenMs'] as number) < t) markGone(x.props, t);
        }
        break;
      }
      case 'arp':
        for (const a of f.sees) {
          const ip = this.#node('IPAddress', a.ip, {}, { family: a.family, firstSeenMs: t, gone: false, goneAtMs: null });
          this.#rel('SEES', host, ip, { mac: a.mac, source: 'arp', lastSeenMs: t, gone: false, goneAtMs: null });
        }
        for (const r of this.#relsFrom('SEES', host)) if ((r.props['lastSeenMs'] as number) < t) markGone(r.props, t);
        break;
      case 'facts':
        // The Host node's operator properties (Neo4j: SET h += props; null clears).
        this.#node('Host', f.hostId, { ...(f.hostProps ?? {}), factsWallMs: t });
        break;
    }
  }

  /** Endpoints only connected to (no listener) are `external` when no NIC of a known host HAS_IP their ip. */
  refreshExternal(): void {
    const owned = new Set([...this.rels.values()].filter((r) => r.type === 'HAS_IP').map((r) => r.to.slice('IPAddress '.length)));
    const listened = new Set([...this.rels.values()].filter((r) => r.type === 'LISTENS_ON').map((r) => r.to));
    for (const [nid, n] of this.nodes) {
      if (n.label === 'Endpoint' && !listened.has(nid)) n.props['external'] = !owned.has(String(n.props['ip']));
    }
  }

  /** Relationships of `type` leaving node id `from`. */
  relsFrom(type: string, from: string): FactRel[] {
    return this.#relsFrom(type, from);
  }

  #linkWired(hostId: string): void {
    const nics = this.#hostNics(hostId).filter((n) => n.props['gone'] !== true);
    for (const l of this.#links.get(hostId) ?? []) {
      const nic = nics.find((n) => n.props['name'] === l.nic);
      if (nic !== undefined && this.nodes.has(id('SwitchPort', l.port))) this.#rel('WIRED_TO', id('NIC', nic.key), id('SwitchPort', l.port), { lastSeenMs: l.wallMs, protocol: l.protocol, gone: false, goneAtMs: null });
    }
  }

  #hostNics(hostId: string): FactNode[] {
    return [...this.nodes.values()].filter((n) => n.label === 'NIC' && n.props['hostId'] === hostId);
  }

  #relsFrom(type: string, from: string): FactRel[] {
    return [...this.rels.values()].filter((r) => r.type === type && r.from === from);
  }

  #relsTo(type: string, to: string): FactRel[] {
    return [...this.rels.values()].filter((r) => r.type === type && r.to === to);
  }

  /** MERGE + SET (+ ON CREATE SET); returns the node's id. */
  #node(label: string, key: string, set: Props, onCreate: Props = {}): string {
    const nid = id(label, key);
    let n = this.nodes.get(nid);
    if (n === undefined) {
      n = { label, key, props: { ...onCreate } };
      this.nodes.set(nid, n);
    }
    Object.assign(n.props, structuredClone(set));
    return nid;
  }

  #rel(type: string, from: string, to: string, set: Props, onCreate: Props = {}): void {
    const rid = `${type} ${from} ${to}`;
    let r = this.rels.get(rid);
    if (r === undefined) {
      r = { type, from, to, props: { ...onCreate } };
      this.rels.set(rid, r);
    }
    Object.assign(r.props, structuredClone(set));
  }
}

function markGone(props: Props, t: number): void {
  if (props['gone'] === true) return;
  props['gone'] = true;
  props['goneAtMs'] = t;
}

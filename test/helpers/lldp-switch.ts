// Debian's lldpd playing a switch (../shared/notes/lldpd-in-namespaces.md): its own namespace inside a TestLan's
// prefix (so lan.destroy() removes it), one veth port per wired host with a known MAC and description, the host's
// end named `nic` with a known MAC, and lldpd sending LLDP every second with a known system name and chassis id.
// The ports carry only discovery frames: the hosts' IP traffic goes over the LAN bridge.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost, TestLan } from './netns.ts';

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

/** Throws unless lldpd, lldpcli and tcpdump (the nanoprobe's capture) are installed. */
export function requireLldpd(): void {
  for (const bin of ['lldpd', 'lldpcli', 'tcpdump']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install lldpd tcpdump)`);
}

/** lldpd's privilege-separation chroot; made by the first switch that needs it and removed by the last one. */
let runLldpdUsers = 0;
let createdRunLldpd = false;

export interface SwitchPortSpec {
  readonly host: TestHost;
  /** The port's interface name on the switch (reported as the LLDP port id, subtype ifname). */
  readonly port: string;
  readonly portMac: string;
  readonly description: string;
  /** The host's interface (its NIC wired to the port). */
  readonly nic: string;
  readonly nicMac: string;
}

export class LldpSwitch {
  readonly ns: string;
  readonly name: string;
  readonly chassisId: string;
  readonly ports: SwitchPortSpec[] = [];
  readonly #lan: TestLan;
  readonly #dir: string;
  #lldpd: ChildProcess | undefined;
  #usesRun = false;

  /** Makes the namespace; `suffix` names it inside the LAN's prefix (e.g. `sw1`). */
  constructor(lan: TestLan, suffix: string, name: string, chassisId: string) {
    this.#lan = lan;
    this.ns = lan.nsName(suffix);
    this.name = name;
    this.chassisId = chassisId;
    this.#dir = mkdtempSync(join(tmpdir(), `rw-lldp-${suffix}-`));
    // lldpd's unprivileged half connects to its control socket here: the directory must be searchable by _lldpd.
    chmodSync(this.#dir, 0o755);
    ip('netns', 'add', this.ns);
    ip('netns', 'exec', this.ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
    ip('-n', this.ns, 'link', 'set', 'lo', 'up');
  }

  /** Wires a host: a veth from switch port `port` to the host's new interface `nic`, both up. */
  wire(spec: SwitchPortSpec): void {
    ip('-n', this.ns, 'link', 'add', spec.port, 'address', spec.portMac, 'type', 'veth', 'peer', 'name', spec.nic, 'address', spec.nicMac, 'netns', spec.host.ns);
    ip('-n', this.ns, 'link', 'set', spec.port, 'up');
    ip('-n', spec.host.ns, 'link', 'set', spec.nic, 'up');
    this.ports.push(spec);
  }

  /** Starts lldpd (foreground, through the LAN so destroy() kills it) with the switch's identity and ports. */
  start(): ChildProcess {
    runLldpdUsers++;
    this.#usesRun = true;
    if (!existsSync('/run/lldpd')) {
      mkdirSync('/run/lldpd', { recursive: true });
      createdRunLldpd = true;
    }
    const conf = join(this.#dir, 'switch.conf');
    writeFileSync(
      conf,
      [
        `configure system hostname ${this.name}`,
        `configure system chassisid ${this.chassisId}`,
        `configure system description "${this.name} (ringwatch test switch)"`,
        'configure lldp tx-interval 1',
        'configure lldp portidsubtype ifname',
        ...this.ports.map((p) => `configure ports ${p.port} lldp portdescription "${p.description}"`),
        '',
      ].join('\n'),
    );
    this.#lldpd = this.#lan.spawn({ name: this.name, ns: this.ns, ip: '' }, 'lldpd', ['-d', '-u', join(this.#dir, 'switch.sock'), '-O', conf]);
    return this.#lldpd;
  }

  /** Stops lldpd (the namespace goes with the LAN); removes /run/lldpd if a switch made it and none still runs. */
  stop(): void {
    if (this.#lldpd !== undefined && this.#lldpd.exitCode === null && this.#lldpd.signalCode === null) this.#lldpd.kill('SIGTERM');
    if (this.#usesRun) {
      this.#usesRun = false;
      runLldpdUsers--;
      if (runLldpdUsers === 0 && createdRunLldpd) {
        rmSync('/run/lldpd', { recursive: true, force: true });
        createdRunLldpd = false;
      }
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

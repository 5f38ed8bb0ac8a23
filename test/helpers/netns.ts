// Test hosts in network namespaces (../shared/notes/testing-in-namespaces.md): one bridge namespace as the LAN,
// one namespace per host with a veth into the bridge, addresses in 198.18.0.0/15 only. Everything created here is
// removed by destroy(), which tests call from test.after.always.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

function sh(args: readonly string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

function nft(ns: string, rule: string): void {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', ...rule.split(' ')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nft ${rule}: ${r.stderr.trim()}`);
}

/** Whether this machine can make namespaces (root + iproute2); tests that need them fail loudly otherwise. */
export function canUseNamespaces(): boolean {
  return process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
}

export interface TestHost {
  readonly name: string;
  readonly ns: string;
  /** The host's address on the LAN. */
  readonly ip: string;
}

/** A LAN of hosts in namespaces. `tag` keeps names unique per test file (≤ 4 chars; the pid is appended). */
export class TestLan {
  readonly hosts: TestHost[] = [];
  readonly #tag: string;
  readonly #bridgeNs: string;
  /** Processes started through `spawn`, killed on destroy; bounded by what the test starts. */
  readonly #children = new Set<ChildProcess>();

  private constructor(tag: string) {
    this.#tag = tag;
    this.#bridgeNs = `rw${tag}br`;
  }

  /**
   * Creates the bridge and `count` hosts at 198.18.<subnet>.1 … .count (/16 on one L2 segment). The tag gets this
   * process's pid appended, so two runs on one machine (a developer's and a helper's) never share namespaces.
   */
  static create(tag: string, count: number, subnet = 0): TestLan {
    const lan = new TestLan(`${tag}${process.pid % 100_000}`);
    lan.destroy(); // leftovers of an interrupted earlier run
    sh(['netns', 'add', lan.#bridgeNs]);
    sh(['-n', lan.#bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    sh(['-n', lan.#bridgeNs, 'link', 'set', 'br0', 'up']);
    for (let i = 1; i <= count; i++) lan.addHost(i, subnet);
    return lan;
  }

  addHost(i: number, subnet = 0): TestHost {
    const ns = `rw${this.#tag}h${i}`;
    const ip = `198.18.${subnet}.${i}`;
    const veth = `v${this.#tag}${i}`;
    const peer = `p${this.#tag}${i}`;
    sh(['netns', 'add', ns]);
    sh(['link', 'add', veth, 'netns', ns, 'type', 'veth', 'peer', 'name', peer, 'netns', this.#bridgeNs]);
    sh(['-n', this.#bridgeNs, 'link', 'set', peer, 'master', 'br0', 'up']);
    sh(['-n', ns, 'addr', 'add', `${ip}/16`, 'dev', veth]);
    sh(['-n', ns, 'link', 'set', veth, 'up']);
    sh(['-n', ns, 'link', 'set', 'lo', 'up']);
    const host = { name: `h${i}`, ns, ip };
    this.hosts.push(host);
    return host;
  }

  /**
   * Links the test's own namespace into the LAN: a veth into the bridge with `ip`/32 on this side and a /32 route
   * to each of `routeTo` only (never all of 198.18.0.0/16, which other LANs on this machine use too), so a server
   * the test runs here (Neo4j) is reachable from those hosts at `ip`. Goes away with the bridge namespace.
   */
  attachRoot(ip: string, routeTo: readonly string[]): void {
    const here = `r${this.#tag}`;
    const peer = `q${this.#tag}`;
    sh(['link', 'add', here, 'type', 'veth', 'peer', 'name', peer, 'netns', this.#bridgeNs]);
    sh(['-n', this.#bridgeNs, 'link', 'set', peer, 'master', 'br0', 'up']);
    sh(['addr', 'add', `${ip}/32`, 'dev', here]);
    sh(['link', 'set', here, 'up']);
    for (const to of routeTo) sh(['route', 'add', `${to}/32`, 'dev', here]);
  }

  /**
   * A namespace name inside this LAN's prefix, for namespaces a test makes itself (a switch): destroy() removes it
   * with the LAN's own.
   */
  nsName(suffix: string): string {
    return `rw${this.#tag}${suffix}`;
  }

  host(i: number): TestHost {
    const h = this.hosts[i - 1];
    if (h === undefined) throw new Error(`no host ${i}`);
    return h;
  }

  /** Starts `command args` inside the host's namespace; stdout/stderr are piped for the test to read. */
  spawn(host: TestHost, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', host.ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** Random UDP loss on the host's input, `percent` of datagrams (nftables; tc netem is not available here). */
  setLoss(host: TestHost, percent: number): void {
    this.heal(host);
    nft(host.ns, 'add table inet rwloss');
    nft(host.ns, 'add chain inet rwloss input { type filter hook input priority 0 ; }');
    nft(host.ns, `add rule inet rwloss input meta l4proto udp numgen random mod 100 < ${percent} drop`);
  }

  heal(host: TestHost): void {
    spawnSync('ip', ['netns', 'exec', host.ns, 'nft', 'delete', 'table', 'inet', 'rwloss']);
  }

  /** Kills every process started here and removes every namespace (and so every veth and the bridge). */
  destroy(): void {
    for (const child of this.#children) child.kill('SIGKILL');
    this.#children.clear();
    const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    for (const line of list.split('\n')) {
      const ns = line.split(' ')[0] ?? '';
      if (ns.startsWith(`rw${this.#tag}`)) {
        // Processes still inside (started by someone else) would keep it alive: kill them by namespace.
        spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).forEach((pid) => {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        });
        spawnSync('ip', ['netns', 'delete', ns]);
      }
    }
  }
}

/**
 * Live LLDP discovery in network namespaces (../shared/notes/lldpd-in-namespaces.md): Debian's lldpd plays a switch
 * in one namespace, sending LLDP every second on vethS with a known system name, description, port id/description
 * and management address; the host namespace at the other end of the veth runs
 *  1. `nanoprobe discover lldp --live vethH --json` (the operator's command: the daemon's supervised tcpdump
 *     capture + our decoders), cross-checked against a receive-only lldpd in the host namespace
 *     (`lldpcli -f json show neighbors details`), and
 *  2. a real CMA and a real `nanoprobe run --discovery …`: each kind's DISCOVERY reaches the CMA once and not
 *     again while nothing changes (counted by the CMA's /status), and a restarted nanoprobe resends nothing,
 *     thanks to the hashes it saved once the CMA acknowledged them. (netstat is left out of this plan: the test's
 *     own HTTP queries to the CMA API are real connections in that namespace, so its content does change.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { canUseNamespaces } from '../helpers/netns.ts';

const TAG = `rwd${process.pid % 100_000}`;
const SW = `${TAG}sw`;
const HOST = `${TAG}h`;
const SW_MAC = '02:00:5e:00:9a:01';
const SW_IP = '198.18.9.1';
const HOST_IP = '198.18.9.2';
const CLI = join(process.cwd(), 'dist/nanoprobe/cli.js');
const CMA_CLI = join(process.cwd(), 'dist/cma/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'rw-lldp-live-'));
// lldpd's unprivileged half connects to its control socket here: the directory must be searchable by _lldpd.
chmodSync(dir, 0o755);
/** Processes this file started, by name; each is killed by its pid in after.always. */
const procs = new Map<string, ChildProcess>();
let createdRunLldpd = false;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

function start(name: string, ns: string, command: string, args: readonly string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4_000);
  });
  child.once('exit', (code) => {
    if (procs.get(name) === child) console.error(`${name} exited early (${String(code)}): ${err}`);
  });
  procs.set(name, child);
  return child;
}

async function stop(name: string): Promise<void> {
  const child = procs.get(name);
  if (child === undefined) return;
  procs.delete(name);
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function inHost(command: string, args: readonly string[], timeoutMs = 30_000): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('ip', ['netns', 'exec', HOST, command, ...args], { encoding: 'utf8', timeout: timeoutMs });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The CMA's per-type count of delivered messages (its /status API inside the host namespace). */
function cmaMessages(): Record<string, number> | undefined {
  const r = inHost(process.execPath, ['-e', "fetch('http://127.0.0.1:1985/status').then(r=>r.json()).then(j=>console.log(JSON.stringify(j.daemon.messages)))"]);
  return r.status === 0 ? (JSON.parse(r.stdout) as Record<string, number>) : undefined;
}

interface KindRuns {
  kind: string;
  runs: number;
  sent: number;
  unchanged: number;
}

function nanoprobeRuns(stateDir: string): KindRuns[] | undefined {
  const r = inHost(process.execPath, [CLI, 'status', '--state-dir', stateDir, '--json']);
  return r.status === 0 ? (JSON.parse(r.stdout) as { discoveryRuns: KindRuns[] }).discoveryRuns : undefined;
}

test.before(async () => {
  if (!canUseNamespaces()) throw new Error('this test needs root and iproute2 (network namespaces)');
  for (const bin of ['lldpd', 'lldpcli', 'tcpdump']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install lldpd tcpdump)`);
  cleanupNamespaces();
  ip('netns', 'add', SW);
  ip('netns', 'add', HOST);
  ip('-n', SW, 'link', 'add', 'vethS', 'address', SW_MAC, 'type', 'veth', 'peer', 'name', 'vethH', 'address', '02:00:5e:00:9b:01', 'netns', HOST);
  for (const ns of [SW, HOST]) {
    ip('netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  }
  ip('-n', SW, 'addr', 'add', `${SW_IP}/30`, 'dev', 'vethS');
  ip('-n', HOST, 'addr', 'add', `${HOST_IP}/30`, 'dev', 'vethH');
  ip('-n', SW, 'link', 'set', 'vethS', 'up');
  ip('-n', HOST, 'link', 'set', 'vethH', 'up');
  // lldpd's privilege-separation chroot (the systemd unit normally creates it).
  if (!existsSync('/run/lldpd')) {
    mkdirSync('/run/lldpd', { recursive: true });
    createdRunLldpd = true;
  }
  writeFileSync(
    join(dir, 'switch.conf'),
    [
      'configure system hostname sw-live.lab.example',
      'configure system description "Live test switch, firmware 9.9"',
      `configure system ip management pattern ${SW_IP}`,
      'configure lldp tx-interval 1',
      'configure lldp portidsubtype ifname',
      'configure ports vethS lldp portdescription "Port 7 to host H"',
      '',
    ].join('\n'),
  );
  start('lldpd-switch', SW, 'lldpd', ['-d', '-u', join(dir, 'switch.sock'), '-O', join(dir, 'switch.conf')]);
  start('lldpd-host', HOST, 'lldpd', ['-d', '-r', '-u', join(dir, 'host.sock'), '-O', '/dev/null']);
  await until('lldpd in the host namespace to hear the switch', () => {
    const r = inHost('lldpcli', ['-u', join(dir, 'host.sock'), '-f', 'json', 'show', 'neighbors']);
    return r.status === 0 && r.stdout.includes('sw-live.lab.example') ? true : undefined;
  });
});

function cleanupNamespaces(): void {
  for (const ns of [SW, HOST]) {
    spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .forEach((pid) => {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone already
        }
      });
    spawnSync('ip', ['netns', 'delete', ns]);
  }
}

test.after.always(async () => {
  for (const name of [...procs.keys()]) await stop(name);
  cleanupNamespaces();
  if (createdRunLldpd) rmSync('/run/lldpd', { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

interface LldpcliPort {
  id?: { type?: string; value?: string };
  descr?: string;
  ttl?: string;
}

test.serial('discover lldp --live decodes what lldpd sent, as lldpd itself decodes it', (t) => {
  const r = inHost(process.execPath, [CLI, 'discover', 'lldp', '--live', 'vethH', '--duration', '3s', '--json']);
  t.is(r.status, 0, r.stderr);
  const heard = JSON.parse(r.stdout) as { interface: string; protocol: string; chassisId?: { subtype: string; value: string }; portId?: { subtype: string; value: string }; systemName?: string; systemDescription?: string; portDescription?: string; ttlSec?: number; managementAddresses: string[] }[];
  t.is(heard.length, 1, 'one neighbour: the switch, over LLDP');
  const n = heard[0];
  t.like(n, {
    interface: 'vethH',
    protocol: 'lldp',
    chassisId: { subtype: 'mac', value: SW_MAC },
    portId: { subtype: 'interface-name', value: 'vethS' },
    systemName: 'sw-live.lab.example',
    systemDescription: 'Live test switch, firmware 9.9',
    portDescription: 'Port 7 to host H',
    ttlSec: 4,
  });
  t.deepEqual(n?.managementAddresses, [SW_IP]);

  // The oracle: a receive-only lldpd on the same interface.
  const oracle = inHost('lldpcli', ['-u', join(dir, 'host.sock'), '-f', 'json', 'show', 'neighbors', 'details']);
  t.is(oracle.status, 0, oracle.stderr);
  const doc = JSON.parse(oracle.stdout) as { lldp: { interface: Record<string, { via: string; chassis: Record<string, { id: { type: string; value: string }; descr: string; 'mgmt-ip': string | string[] }>; port: LldpcliPort }> } };
  const iface = doc.lldp.interface.vethH;
  t.is(iface?.via, 'LLDP');
  const [sysName, chassis] = Object.entries(iface?.chassis ?? {})[0] ?? [];
  t.is(n?.systemName, sysName);
  t.is(n?.chassisId?.value, chassis?.id.value);
  t.is(chassis?.id.type, 'mac');
  t.is(n?.systemDescription, chassis?.descr);
  t.deepEqual(n?.managementAddresses, [chassis?.['mgmt-ip']].flat());
  t.is(n?.portId?.value, iface?.port.id?.value);
  t.is(iface?.port.id?.type, 'ifname');
  t.is(n?.portDescription, iface?.port.descr);
  t.is(String(n?.ttlSec), iface?.port.ttl ?? 'no ttl in lldpcli output');
});

test.serial('a nanoprobe sends each DISCOVERY once, not again while nothing changes, and not again after a restart', async (t) => {
  const cmaDir = join(dir, 'cma');
  const npDir = join(dir, 'nanoprobe');
  // The nanoprobe's own fast plan; the CMA sends none (`--discovery none`), else its default plan (lldp every 30 s)
  // would override it.
  const plan = 'lldp=1s/900ms,arp=1s/900ms,inventory=1h/20s';
  start('cma', HOST, process.execPath, [CMA_CLI, 'run', '--listen', `${HOST_IP}:1984`, '--api', '127.0.0.1:1985', '--state-dir', cmaDir, '--store', 'memory', '--no-multicast', '--discovery', 'none']);
  await until('the CMA API', cmaMessages);
  const runNanoprobe = (): ChildProcess => start('nanoprobe', HOST, process.execPath, [CLI, 'run', '--cma', `${HOST_IP}:1984`, '--listen', `${HOST_IP}:1986`, '--state-dir', npDir, '--discovery', plan, '--lldp-interfaces', 'vethH']);
  runNanoprobe();
  // lldp, arp and inventory: one DISCOVERY each (lldp only once the capture heard the switch).
  await until('every kind sent once', () => (nanoprobeRuns(npDir)?.filter((k) => k.sent > 0).length === 3 ? true : undefined));
  const lldpRuns = (): number => nanoprobeRuns(npDir)?.find((k) => k.kind === 'lldp')?.runs ?? 0;
  const runsBefore = lldpRuns();
  await until('five more lldp runs', () => (lldpRuns() >= runsBefore + 5 ? true : undefined));
  t.is(cmaMessages()?.DISCOVERY, 3, 'nothing resent while nothing changed');
  const runs = nanoprobeRuns(npDir) ?? [];
  for (const kind of ['lldp', 'arp']) {
    const k = runs.find((x) => x.kind === kind);
    t.is(k?.sent, 1, `${kind} sent once`);
    t.true((k?.unchanged ?? 0) >= 2, `${kind} ran again and found nothing new`);
  }
  const saved = JSON.parse(readFileSync(join(npDir, 'discovery-hashes.json'), 'utf8')) as { kind: string; hash: string }[];
  t.deepEqual(saved.map((h) => h.kind), ['arp', 'inventory', 'lldp'], 'acknowledged hashes saved in the state dir');

  await stop('nanoprobe');
  runNanoprobe();
  await until('the restarted nanoprobe to run lldp and arp a few times', () => {
    const r = nanoprobeRuns(npDir);
    return r !== undefined && ['lldp', 'arp'].every((kind) => (r.find((k) => k.kind === kind)?.runs ?? 0) >= 4) ? r : undefined;
  });
  const after = nanoprobeRuns(npDir) ?? [];
  t.deepEqual(
    after.map((k) => [k.kind, k.sent, k.unchanged > 0]).sort(),
    [['arp', 0, true], ['inventory', 0, true], ['lldp', 0, true]],
    'the restarted nanoprobe found the same content and sent none of it',
  );
  t.is(cmaMessages()?.DISCOVERY, 3);
  t.is(cmaMessages()?.STARTUP, 2, 'the CMA did see the restart');
});

// A nanoprobe killed with SIGKILL takes its LLDP/CDP tcpdump children with it (nanoprobe/discovery/capture-spawn.ts:
// setpriv --pdeathsig KILL, and `-Z root` so that tcpdump keeps the signal as root): real nanoprobe, real CMA and
// real tcpdump in a network namespace; after kill -9 no tcpdump of it is left within 2 s (none with PPID 1).
import test from 'ava';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shebangNodeArgs } from '../helpers/fleet.ts';
import { TestLan, canUseNamespaces, type TestHost } from '../helpers/netns.ts';

const CLI = 'dist/nanoprobe/cli.js';
let lan: TestLan;
let host: TestHost;
const dir = mkdtempSync(join(tmpdir(), 'rw-orphan-'));

/** pid → [ppid, state, comm] of every process now. */
function processes(): Map<number, { ppid: number; state: string; comm: string }> {
  const out = new Map<number, { ppid: number; state: string; comm: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(ppid), state, comm });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Live (not zombie) tcpdump processes among `pids`. */
const alive = (pids: readonly number[]): number[] => {
  const now = processes();
  return pids.filter((p) => now.has(p) && now.get(p)?.state !== 'Z');
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test.before(() => {
  if (!canUseNamespaces()) throw new Error('this test needs root and iproute2 (network namespaces)');
  for (const bin of ['tcpdump', 'setpriv']) if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed (apt-get install tcpdump util-linux)`);
  lan = TestLan.create('orph', 1);
  host = lan.host(1);
});

test.after.always(() => {
  lan.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test.serial('kill -9 of a nanoprobe capturing LLDP leaves no tcpdump behind within 2 s', async (t) => {
  const links = spawnSync('ip', ['-n', host.ns, '-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
  const iface = /^\d+: ([^:@]+)[@:]/gm.exec(links.split('\n').filter((l) => !l.includes(': lo:')).join('\n'))?.[1];
  if (iface === undefined) throw new Error(`no veth in ${host.ns}: ${links}`);
  lan.spawn(host, process.execPath, ['dist/cma/cli.js', 'run', '--listen', `${host.ip}:1984`, '--api', '127.0.0.1:1985', '--state-dir', join(dir, 'cma'), '--store', 'memory', '--no-multicast', '--discovery', 'none', '--log-level', 'warn']);
  const probe: ChildProcess = lan.spawn(host, process.execPath, [...shebangNodeArgs(CLI), CLI, 'run', '--cma', `${host.ip}:1984`, '--listen', `${host.ip}:1986`, '--state-dir', join(dir, 'np'), '--discovery', 'lldp=1s/900ms', '--lldp-interfaces', iface, '--log-level', 'warn']);
  const pid = probe.pid ?? 0;
  let captures: number[] = [];
  for (let i = 0; i < 150 && captures.length === 0; i++) {
    await sleep(200);
    captures = [...processes()].filter(([, p]) => p.ppid === pid && p.comm === 'tcpdump' && p.state !== 'Z').map(([p]) => p);
  }
  t.is(captures.length, 1, 'the nanoprobe runs one tcpdump for its one interface');
  const cmdline = readFileSync(`/proc/${captures[0] ?? 0}/cmdline`, 'utf8').split('\0');
  t.true(cmdline.includes(iface), cmdline.join(' '));
  await sleep(1_000); // tcpdump has opened the interface (and, as root, would have changed user by now)
  t.deepEqual(alive(captures), captures, 'tcpdump still running before the kill');

  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  while (alive(captures).length > 0 && Date.now() - killedAt < 2_000) await sleep(50);
  const left = alive(captures);
  t.deepEqual(left, [], `tcpdump left running ${Date.now() - killedAt} ms after kill -9: ${left.map((p) => `${p} (ppid ${processes().get(p)?.ppid})`).join(', ')}`);
  const inNamespace = spawnSync('ip', ['netns', 'pids', host.ns], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  t.deepEqual(alive(inNamespace).filter((p) => processes().get(p)?.comm === 'tcpdump'), [], 'no tcpdump at all in the namespace');
});

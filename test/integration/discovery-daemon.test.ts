/**
 * The discovery loop of a real NanoprobeDaemon against a real CmaDaemon, in process over loopback UDP (port 0),
 * with scripted collectors: a kind whose content never changes reaches the CMA's store once however often it
 * runs; a kind whose collector hangs is abandoned at its timeout (its AbortSignal fires, one warning) and keeps
 * its schedule; the acknowledged hashes are handed to the shell to save. And with the real netstat collector on
 * the live /proc: once the first report is acknowledged, a process that starts listening reaches the CMA's graph
 * through a diff (`full: false`), which the CMA rebuilds, verifies and interprets.
 */
import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import test from 'ava';
import { CmaDaemon } from '../../cma/daemon.ts';
import { LAN_TIMING } from '../../cma/dispatch/index.ts';
import { MemoryGraphStore } from '../../cma/store/index.ts';
import type { DiscoveryOutcome, DiscoveryTask } from '../../nanoprobe/core/index.ts';
import { NanoprobeDaemon, type NanoprobeDaemonComponents, type NanoprobeDaemonInit } from '../../nanoprobe/daemon.ts';
import type { DiscoveryRunner } from '../../nanoprobe/discovery/host-collectors.ts';
import { DEFAULT_HOST_COLLECTORS, HostCollectors, outcomeOf } from '../../nanoprobe/discovery/host-collectors.ts';
import { generateKeyPair, type DiscoveryHash } from '../../protocol/index.ts';
import { SystemClock, TimerScheduler, UdpTransport, type LogContext, type Logger } from '../../runtime/index.ts';

class ScriptedRunner implements DiscoveryRunner {
  readonly runs = new Map<string, number>();
  aborted = 0;
  stopped = false;

  run(task: DiscoveryTask, signal: AbortSignal): Promise<DiscoveryOutcome> {
    this.runs.set(task.kind, (this.runs.get(task.kind) ?? 0) + 1);
    if (task.kind === 'hangs') {
      return new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          this.aborted += 1;
          resolve({ ok: false, reason: 'abandoned' });
        });
      });
    }
    return Promise.resolve(outcomeOf({ same: 'content', every: ['time'] }));
  }

  planChanged(): void {
    // nothing long-running here
  }

  stop(): void {
    this.stopped = true;
  }
}

function warnings(into: { message: string; context?: LogContext }[]): Logger {
  const noop = (): void => undefined;
  const l: Logger = {
    error: noop,
    warn: (message, context) => {
      into.push({ message, ...(context === undefined ? {} : { context }) });
    },
    info: noop,
    debug: noop,
    trace: noop,
    child: () => l,
  };
  return l;
}

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A CMA (memory store, no discovery plan of its own: its default would replace the nanoprobe's) and a nanoprobe joined to it over loopback UDP. */
async function startPair(init: {
  hostname: string;
  discoveryPlan: NonNullable<NanoprobeDaemonInit['discoveryPlan']>;
  discovery: NonNullable<NanoprobeDaemonComponents['discovery']>;
  logger?: NanoprobeDaemonComponents['logger'];
  cmaLogger?: NanoprobeDaemonComponents['logger'];
  onDiscoveryHashesAcked?: NanoprobeDaemonInit['onDiscoveryHashesAcked'];
}): Promise<{ cma: CmaDaemon; np: NanoprobeDaemon; store: MemoryGraphStore; stop: () => Promise<void> }> {
  const clock = new SystemClock();
  const store = new MemoryGraphStore();
  const cmaTransport = new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock });
  const cma = new CmaDaemon({ keyPair: generateKeyPair(), timing: LAN_TIMING, discovery: [] }, { transport: cmaTransport, store, clock, ...(init.cmaLogger === undefined ? {} : { logger: init.cmaLogger }) });
  await cma.start();
  const np = new NanoprobeDaemon(
    {
      keyPair: generateKeyPair(),
      cma: [cmaTransport.localAddress],
      multicast: { host: '224.0.2.5', port: 1984 },
      cmaPublicKey: undefined,
      strict: false,
      hostname: init.hostname,
      version: 'test',
      machineId: '',
      discoveryPlan: init.discoveryPlan,
      ...(init.onDiscoveryHashesAcked === undefined ? {} : { onDiscoveryHashesAcked: init.onDiscoveryHashesAcked }),
    },
    { transport: new UdpTransport({ host: '127.0.0.1', port: 0 }, { clock }), clock, discovery: init.discovery, ...(init.logger === undefined ? {} : { logger: init.logger }) },
  );
  try {
    await np.start();
  } catch (err) {
    await cma.stop();
    throw err;
  }
  return {
    cma,
    np,
    store,
    stop: async () => {
      await np.stop('test over', 500);
      await cma.stop();
    },
  };
}

test('unchanged content is stored once; a hung collector is aborted at its timeout with one warning', async (t) => {
  const runner = new ScriptedRunner();
  const logged: { message: string; context?: LogContext }[] = [];
  const saved: (readonly DiscoveryHash[])[] = [];
  const { cma, np, store, stop } = await startPair({
    hostname: 'disc-test',
    discoveryPlan: [
      { kind: 'steady', intervalMs: 150, timeoutMs: 100 },
      { kind: 'hangs', intervalMs: 250, timeoutMs: 80 },
    ],
    discovery: runner,
    logger: warnings(logged),
    onDiscoveryHashesAcked: (hashes) => {
      saved.push(hashes);
    },
  });
  try {
    await until('eight runs of the steady kind and three of the hung one', () => (runner.runs.get('steady') ?? 0) >= 8 && (runner.runs.get('hangs') ?? 0) >= 3);
    await until('the ACK of the DISCOVERY', () => saved.length > 0);
    t.is(cma.stats.messages.DISCOVERY, 1, 'sent once');
    t.deepEqual(store.discoveryOf(np.link.hostId, 'steady')?.payload, { every: ['time'], same: 'content' });
    const status = np.core.discoveryStatus();
    t.like(status.find((k) => k.kind === 'steady'), { sent: 1 });
    t.true((status.find((k) => k.kind === 'steady')?.unchanged ?? 0) >= 6);
    const hung = status.find((k) => k.kind === 'hangs');
    t.true((hung?.timeouts ?? 0) >= 2, `timeouts ${hung?.timeouts}`);
    t.true(runner.aborted >= 2, 'the daemon aborted each abandoned run');
    t.is(hung?.sent, 0);
    t.is(logged.filter((l) => l.message.includes('timed out')).length, hung?.timeouts ?? -1, 'one warning per abandoned run');
    t.deepEqual(saved.at(-1)?.map((h) => h.kind), ['steady']);
  } finally {
    await stop();
  }
  t.true(runner.stopped, 'stop() stops the collectors');
});

test('netstat on the live /proc: a process that starts listening lands in the graph through a diff', async (t) => {
  const address = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;
  if (address === undefined) throw new Error('this test needs a non-loopback IPv4 address (loopback listeners are left out of the graph)');
  const cmaLogged: { message: string; context?: LogContext }[] = [];
  const collectors = new HostCollectors(DEFAULT_HOST_COLLECTORS, { scheduler: new TimerScheduler(new SystemClock()) });
  let child: ReturnType<typeof spawn> | undefined;
  const { np, store, stop } = await startPair({
    hostname: 'disc-diff-test',
    discoveryPlan: [{ kind: 'netstat', intervalMs: 1_000, timeoutMs: 900 }],
    discovery: collectors,
    cmaLogger: warnings(cmaLogged),
  });
  try {
    const netstat = (): ReturnType<typeof np.core.discoveryStatus>[number] | undefined => np.core.discoveryStatus().find((k) => k.kind === 'netstat');
    await until('the first netstat report acknowledged', () => netstat()?.ackedHash !== undefined, 20_000);
    t.is(netstat()?.diffs, 0, 'the first report is whole');
    // Now a process starts listening.
    const listener = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(0, '${address}', function () { console.log(this.address().port); })`], { stdio: ['ignore', 'pipe', 'inherit'] });
    child = listener;
    const port = await new Promise<number>((resolve) => listener.stdout.once('data', (d: Buffer) => { resolve(Number(String(d).trim())); }));
    const listens = (): boolean => store.factLines().some((l) => l.startsWith('LISTENS_ON') && l.includes(`,${listener.pid ?? -1},`) && l.includes(`["${address}",${port},"tcp"]`));
    await until('the new listener in the graph', listens, 20_000);
    t.true((netstat()?.diffs ?? 0) >= 1, 'it came as a diff');
    const stored = store.discoveryOf(np.link.hostId, 'netstat');
    t.like(stored, { full: true });
    t.true(JSON.stringify(stored?.payload).includes(`"port":${port}`), 'the Discovery node holds the rebuilt whole state');
    t.deepEqual(cmaLogged.filter((l) => l.message.includes('diff not applied')), [], 'the CMA applied every diff (no DODISCOVER)');
    await until('the CMA holding what the nanoprobe sent last', () => store.discoveryOf(np.link.hostId, 'netstat')?.hash === netstat()?.sentHash, 10_000);
  } finally {
    child?.kill('SIGKILL');
    await stop();
    collectors.stop();
  }
});

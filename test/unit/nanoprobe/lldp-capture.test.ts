/**
 * The tcpdump supervisor with a fake process (streams we write the real lldpd capture into) on a ManualScheduler:
 * frames become neighbours per interface, expiring by TTL; an exit restarts with doubling backoff; no binary or
 * no privilege is one warning, no restarts, and the capture says why.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import test from 'ava';
import { LldpCapture, DISCOVERY_BPF_FILTER, type CaptureProcess } from '../../../nanoprobe/discovery/lldp-capture.ts';
import { ManualScheduler, type LogContext, type Logger } from '../../../runtime/index.ts';
import { fixture } from '../../helpers/discovery-oracles.ts';

class FakeProcess extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed: string | undefined;
  readonly args: readonly string[];
  constructor(args: readonly string[]) {
    super();
    this.args = args;
  }
  kill(signal?: NodeJS.Signals): boolean {
    this.killed = signal ?? 'SIGTERM';
    return true;
  }
  exit(code: number): void {
    this.emit('exit', code, null);
  }
}

function recordingLogger(lines: { level: string; message: string; context?: LogContext }[]): Logger {
  const log = (level: string) => (message: string, context?: LogContext) => {
    lines.push({ level, message, ...(context === undefined ? {} : { context }) });
  };
  const l: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), trace: log('trace'), child: () => l };
  return l;
}

/** Lets stream 'data' events run. */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(spawnImpl?: (file: string, args: readonly string[]) => CaptureProcess) {
  const scheduler = new ManualScheduler();
  const procs: FakeProcess[] = [];
  const logs: { level: string; message: string; context?: LogContext }[] = [];
  const capture = new LldpCapture(
    { interfaces: ['eth0', 'eth1'], tcpdump: 'tcpdump', initialBackoffMs: 1_000, maxBackoffMs: 8_000, stableAfterMs: 60_000, warmupMs: 35_000 },
    {
      scheduler,
      logger: recordingLogger(logs),
      spawn:
        spawnImpl ??
        ((_f, args) => {
          const p = new FakeProcess(args);
          procs.push(p);
          return p;
        }),
    },
  );
  return { scheduler, procs, logs, capture };
}

test('one tcpdump per interface with the discovery filter; frames become neighbours that expire by TTL', async (t) => {
  const { scheduler, procs, capture } = setup();
  capture.start();
  capture.start();
  t.is(procs.length, 2, 'start is idempotent');
  t.deepEqual(procs[0]?.args, ['-i', 'eth0', '-U', '-n', '-s', '4096', '-w', '-', DISCOVERY_BPF_FILTER]);
  const pcap = fixture('lldpd-live/lldpd-1.0.16-all-protocols.pcap');
  // in two chunks, cut mid-record: the stream reader must reassemble
  procs[0]?.stdout.write(pcap.subarray(0, 101));
  procs[0]?.stdout.write(pcap.subarray(101));
  await flush();
  const now = capture.snapshot();
  t.deepEqual([...new Set(now.map((n) => n.interface))], ['eth0']);
  t.deepEqual(now.map((n) => n.neighbour.protocol).sort(), ['cdp', 'edp', 'fdp', 'lldp', 'sonmp']);
  const lldp = now.find((n) => n.neighbour.protocol === 'lldp')?.neighbour;
  t.like(lldp, { systemName: 'sw-a.lab.example', chassisId: { subtype: 'mac', value: '02:00:5e:00:0a:01' }, portId: { subtype: 'interface-name', value: 'vethA' }, ttlSec: 20 });
  t.is(capture.stats().eth0?.frames, 24);
  scheduler.clock.advance(21_000); // LLDP/CDP/FDP TTL 20 s: gone; SONMP (360 s hold) and EDP (no TTL: 120 s) stay
  t.deepEqual(capture.snapshot().map((n) => n.neighbour.protocol).sort(), ['edp', 'sonmp']);
  capture.stop();
  t.is(procs[0]?.killed, 'SIGTERM');
  t.is(procs[1]?.killed, 'SIGTERM');
});

test('a tcpdump that dies is restarted with doubling backoff, reset after a stable run', (t) => {
  const { scheduler, procs, capture, logs } = setup();
  capture.start();
  const eth0 = (): FakeProcess[] => procs.filter((p) => p.args[1] === 'eth0');
  const startTimes: number[] = [scheduler.clock.now()];
  for (let i = 0; i < 5; i++) {
    eth0().at(-1)?.exit(1);
    const before = eth0().length;
    while (eth0().length === before) scheduler.runNext();
    startTimes.push(scheduler.clock.now());
  }
  t.deepEqual(startTimes, [0, 1_000, 3_000, 7_000, 15_000, 23_000], '1 s, 2 s, 4 s, 8 s, then capped at 8 s');
  t.is(logs.filter((l) => l.level === 'warn').length, 1, 'the first exit warns, the rest are debug');
  scheduler.clock.advance(60_000); // runs stably for a minute
  eth0().at(-1)?.exit(1);
  scheduler.runFor(1_000);
  t.is(eth0().length, 7, 'backoff back to 1 s');
  t.is(capture.stats().eth0?.starts, 7);
  capture.stop();
  t.is(scheduler.pending, 0, 'stop cancels pending restarts');
});

test('no tcpdump binary: one warning, no restarts, the capture says why', (t) => {
  const { scheduler, capture, logs } = setup(() => {
    const p = new FakeProcess([]);
    setImmediate(() => p.emit('error', Object.assign(new Error('spawn tcpdump ENOENT'), { code: 'ENOENT' })));
    return p;
  });
  return new Promise<void>((resolve) => {
    capture.start();
    setImmediate(() => {
      setImmediate(() => {
        t.is(capture.unavailable, 'tcpdump not found');
        t.is(logs.filter((l) => l.level === 'warn').length, 1);
        t.is(scheduler.pending, 0);
        t.is(capture.stats().eth1?.state, 'unavailable');
        resolve();
      });
    });
  });
});

test('no tcpdump binary behind setpriv (exit 127, "failed to execute"): the same single warning, no restarts', async (t) => {
  const { scheduler, procs, capture, logs } = setup();
  capture.start();
  procs[0]?.stderr.write('setpriv: failed to execute tcpdump: No such file or directory\n');
  await flush();
  procs[0]?.exit(127);
  t.is(capture.unavailable, 'tcpdump not found');
  t.is(logs.filter((l) => l.level === 'warn').length, 1);
  t.is(scheduler.pending, 0);
});

test('no privilege to capture: one warning naming CAP_NET_RAW, no restarts', async (t) => {
  const { scheduler, procs, capture, logs } = setup();
  capture.start();
  procs[0]?.stderr.write("tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n");
  await flush();
  procs[0]?.exit(1);
  procs[1]?.exit(1); // killed by the stop that followed: ignored
  t.regex(capture.unavailable ?? '', /CAP_NET_RAW.*permission/);
  t.is(logs.filter((l) => l.level === 'warn').length, 1);
  t.is(scheduler.pending, 0);
  t.is(procs[1]?.killed, 'SIGTERM');
});

test('garbage on stdout (not pcap) restarts that tcpdump', async (t) => {
  const { procs, capture } = setup();
  capture.start();
  procs[0]?.stdout.write(new Uint8Array(64).fill(0x41));
  await flush();
  t.is(procs[0]?.killed, 'SIGKILL');
  t.is(capture.stats().eth0?.badStreams, 1);
  capture.stop();
});

// The pino adapter writes JSON lines with the context fields; the rate-limited log bounds repeated lines.
import test from 'ava';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { RateLimitedLog, adapt } from '../../../runtime/index.ts';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

test('the pino adapter logs message, context, child bindings and errors as JSON', (t) => {
  const { lines, stream } = capture();
  const log = adapt(pino({ level: 'debug' }, stream)).child({ component: 'cma.dispatch' });
  log.info('host declared dead', { hostId: 'ab', observers: 2 });
  log.warn('send failed', { to: '198.18.0.9:1984' }, new Error('EHOSTUNREACH'));
  log.trace('not at debug level', {});
  t.is(lines.length, 2);
  t.like(lines[0], { msg: 'host declared dead', hostId: 'ab', observers: 2, component: 'cma.dispatch', level: 30 });
  t.like(lines[1], { msg: 'send failed', to: '198.18.0.9:1984', level: 40 });
  t.like(lines[1]?.err, { message: 'EHOSTUNREACH', type: 'Error' });
});

// window 0 ─────────── 60 s ─────────── 120 s
//   3 lines pass, 7 suppressed │ first line of the next window passes and reports 7 suppressed
test('RateLimitedLog: N lines per key per window, then a count of what was suppressed', (t) => {
  const gate = new RateLimitedLog(3, 60_000, 2);
  const results = Array.from({ length: 10 }, (_, i) => gate.allow('bad-datagram:198.18.0.5', i * 1_000).log);
  t.deepEqual(results, [true, true, true, false, false, false, false, false, false, false]);
  t.deepEqual(gate.allow('bad-datagram:198.18.0.5', 60_000), { log: true, suppressed: 7 });
  t.true(gate.allow('other', 0).log, 'keys are independent');
  // Beyond maxKeys, new keys share one overflow bucket (bounded memory under a flood of sources).
  t.true(gate.allow('k3', 0).log);
  for (let i = 0; i < 5; i++) gate.allow(`k${i + 4}`, 1);
  t.false(gate.allow('k99', 2).log);
});

// `nanoprobe run --discovery KIND=INTERVAL[/TIMEOUT],…`: the local base plan, parsed without commander.
import test from 'ava';
import { defaultTimeoutMs, parseDiscoveryPlan, parseDurationMs } from '../../../nanoprobe/discovery/plan-option.ts';

test('durations: ms, s, m, h and plain milliseconds', (t) => {
  t.deepEqual(['1500', '500ms', '30s', '5m', '1h', '0.5s'].map(parseDurationMs), [1500, 500, 30_000, 300_000, 3_600_000, 500]);
  t.deepEqual(['', 'soon', '0', '-1s', '1d'].map(parseDurationMs), [undefined, undefined, undefined, undefined, undefined]);
});

test('a plan with and without timeouts; the default timeout is a quarter of the interval, at most 60 s', (t) => {
  t.deepEqual(parseDiscoveryPlan('netstat=60s/10s, arp=60s inventory=1h'), [
    { kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000 },
    { kind: 'arp', intervalMs: 60_000, timeoutMs: 15_000 },
    { kind: 'inventory', intervalMs: 3_600_000, timeoutMs: 60_000 },
  ]);
  t.deepEqual(parseDiscoveryPlan(''), []);
  t.is(defaultTimeoutMs(2), 1);
});

test('bad items are usage errors', (t) => {
  for (const bad of ['netstat', 'netstat=', 'Net=1s', 'netstat=1s/2s', 'netstat=1s/x']) {
    t.throws(() => parseDiscoveryPlan(bad), { code: 'CLI_USAGE' } as never, bad);
  }
});

// The collectors' command runner: a hung tool is killed at its timeout or when the nanoprobe abandons the run
// (abort), and a missing tool is a reason, never a rejection.
import test from 'ava';
import { runCommand } from '../../../discovery/collectors/run-command.ts';

test('output of a command that works', async (t) => {
  t.deepEqual(await runCommand('echo', ['hello'], 5_000), { ok: true, stdout: 'hello\n' });
});

test('a hung command is killed at its timeout', async (t) => {
  const t0 = Date.now();
  const r = await runCommand('sleep', ['30'], 200);
  t.false(r.ok);
  t.true(Date.now() - t0 < 5_000, 'well before the command would have ended');
});

test('an abandoned run kills its command', async (t) => {
  const abort = new AbortController();
  const t0 = Date.now();
  const running = runCommand('sleep', ['30'], 60_000, abort.signal);
  setTimeout(() => {
    abort.abort();
  }, 100);
  const r = await running;
  t.false(r.ok);
  t.true(Date.now() - t0 < 5_000);
});

test('a missing tool is a reason', async (t) => {
  t.deepEqual(await runCommand('no-such-tool-ringwatch', [], 1_000), { ok: false, reason: 'no-such-tool-ringwatch: not installed' });
});

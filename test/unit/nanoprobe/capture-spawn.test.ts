// How tcpdump is started: through setpriv --pdeathsig KILL when present (and -Z root as root, since a user change
// clears the parent-death signal); plainly otherwise. The kill -9 behaviour itself: test/integration/lldp-orphan.test.ts.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCommand, findSetpriv } from '../../../nanoprobe/discovery/capture-spawn.ts';

const ARGS = ['-i', 'eth0', '-U', '-w', '-'];

test('with setpriv: the capture dies with its parent; as root tcpdump keeps root so the signal is not cleared', (t) => {
  t.deepEqual(captureCommand('tcpdump', ARGS, '/usr/bin/setpriv', true), ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', 'tcpdump', '-Z', 'root', ...ARGS]);
  t.deepEqual(captureCommand('tcpdump', ARGS, '/usr/bin/setpriv', false), ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--', 'tcpdump', ...ARGS]);
});

test('without setpriv: tcpdump as before', (t) => {
  t.deepEqual(captureCommand('tcpdump', ARGS, undefined, true), ['tcpdump', ...ARGS]);
});

test('findSetpriv: the first executable candidate, or undefined', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-setpriv-'));
  try {
    writeFileSync(join(dir, 'plain'), '', { mode: 0o644 });
    writeFileSync(join(dir, 'exec'), '#!/bin/sh\n', { mode: 0o755 });
    t.is(findSetpriv([join(dir, 'missing'), join(dir, 'exec')]), join(dir, 'exec'));
    t.is(findSetpriv([join(dir, 'missing')]), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// `npm run demo:wire`: the protocol walk-through must keep working (real UDP on loopback, real keys).
import test from 'ava';
import { spawnSync } from 'node:child_process';

test('the wire demo runs to completion and shows registration, sealed heartbeats and a refused forgery', (t) => {
  const r = spawnSync(process.execPath, ['dist/scripts/demo-wire.js'], { encoding: 'utf8', timeout: 60_000 });
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /STARTUP\s+plain \d+ B/);
  t.is((r.stdout.match(/SETCONFIG\s+sealed, reliable/g) ?? []).length, 2);
  t.is((r.stdout.match(/HEARTBEAT\s+seq \d, sealed, authenticated/g) ?? []).length, 6);
  t.regex(r.stdout, /"PROTO_AUTH_FAILED":1/);
  t.regex(r.stdout, /^ok: /m);
});

// `npm run demo` is the README's main command: real CMA and nanoprobe processes form a ring, one is killed, the
// CMA confirms the death and repairs the ring. Run both ways it can run: namespaces (root) and loopback.
import test from 'ava';
import { spawnSync } from 'node:child_process';

for (const mode of ['namespaces', 'loopback'] as const) {
  test.serial(`the demo shows registration, rings, a confirmed death and the repaired ring (${mode})`, (t) => {
    const env = { ...process.env, ...(mode === 'loopback' ? { RINGWATCH_DEMO_LOOPBACK: '1' } : {}) };
    const r = spawnSync(process.execPath, ['dist/scripts/demo.js'], { encoding: 'utf8', timeout: 90_000, env });
    t.is(r.status, 0, r.stderr);
    t.regex(r.stdout, mode === 'loopback' ? /in loopback addresses/ : /in network namespaces/);
    t.regex(r.stdout, /6 nanoprobes registered in \d+ ms/);
    t.regex(r.stdout, /h3 declared dead by the CMA \d+ ms after the kill: reported dead by h\d and h\d/);
    const ring = /the ring repaired around it:\n\s+\S+\s+(.*)\n/.exec(r.stdout)?.[1] ?? '';
    t.is(ring.split(' → ').filter((x) => /^h\d$/.test(x)).length, 5, ring);
    t.notRegex(ring, /h3/);
    t.regex(r.stdout, /hosts: 5 up, 1 dead/);
  });
}

// `npm ci` on a fresh machine refuses a lock file that lacks an optional platform package, and the registry here
// does not serve every platform (scripts/complete-lock.mjs explains). Catch the drift in `npm test`, not in CI.
import test from 'ava';
import { readFileSync } from 'node:fs';

interface LockEntry {
  readonly version?: string;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

test('every optional dependency in package-lock.json has its own entry (run scripts/complete-lock.mjs)', (t) => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (lock.packages[`node_modules/${name}`] === undefined) missing.push(`${name} (wanted by ${path || 'the root'})`);
    }
  }
  t.true(Object.keys(lock.packages).length > 50);
  t.deepEqual(missing, []);
});

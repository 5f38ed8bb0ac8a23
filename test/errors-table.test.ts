// Every error code in the code base is unique and documented in the README's error table, and the table lists
// nothing that the code no longer has (fastify's "the catalogue must match the code" test).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const AREAS = ['protocol', 'runtime', 'discovery', 'nanoprobe', 'cma', 'simulator'];

function tsFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** Codes declared in `export const X_ERROR_CODES = [...] as const` arrays and `readonly code = '...'` fields. */
function codesInSource(): Map<string, string[]> {
  const where = new Map<string, string[]>();
  const add = (code: string, file: string): void => {
    where.set(code, [...(where.get(code) ?? []), file]);
  };
  for (const file of AREAS.flatMap(tsFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export const [A-Z_]+_ERROR_CODES = \[([\s\S]*?)\] as const/g)) {
      for (const c of (m[1] ?? '').matchAll(/^\s*'([A-Z][A-Z0-9_]+)'/gm)) add(c[1] ?? '', file);
    }
    for (const m of text.matchAll(/readonly code = '([A-Z][A-Z0-9_]+)'/g)) add(m[1] ?? '', file);
  }
  return where;
}

function codesInReadme(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## Error codes$/m)[1] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? '');
}

test('error codes are unique across the code base', (t) => {
  const dupes = [...codesInSource()].filter(([, files]) => files.length > 1).map(([code, files]) => `${code}: ${files.join(', ')}`);
  t.deepEqual(dupes, []);
});

test('every error code is in the README table and the table lists no stale code', (t) => {
  const source = [...codesInSource().keys()].sort();
  const readme = codesInReadme();
  t.true(source.length >= 10, 'the scan finds the code lists');
  t.deepEqual(readme.filter((c, i) => readme.indexOf(c) !== i), [], 'README lists a code twice');
  t.deepEqual(source.filter((c) => !readme.includes(c)), [], 'codes missing from README');
  t.deepEqual(readme.filter((c) => !source.includes(c)), [], 'README codes that no longer exist');
});

test('codes are namespaced by area', (t) => {
  const bad = [...codesInSource().keys()].filter((c) => !/^(PROTO|CRYPTO|KEY|CHANNEL|RING|STORE|DISC|CLI|CMA|NANO|SIM|NET)_/.test(c));
  t.deepEqual(bad, []);
});

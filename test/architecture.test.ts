// The import rules of DESIGN §2 / STYLE practice 2, checked against the code: every import of every source file
// must be an allowed edge. Failures list each offending "file → import" so they read as a to-do list.
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AREAS = ['protocol', 'runtime', 'discovery', 'nanoprobe', 'cma', 'simulator'] as const;
type Area = (typeof AREAS)[number];

const CORE_DIRS = ['protocol', 'nanoprobe/core', 'cma/ring', 'cma/dispatch', 'cma/discovery', 'discovery/parsers'];
const CORE_BANNED_SYNTAX = [/\bDate\.now\(/, /\bnew Date\(/, /\bsetTimeout\(/, /\bsetInterval\(/, /\bMath\.random\(/, /\bprocess\./, /\bconsole\./];

/** Which areas each area may import (DESIGN §2). */
const ALLOWED_AREAS: Record<Area, readonly Area[]> = {
  protocol: [],
  runtime: [],
  discovery: ['protocol'],
  nanoprobe: ['protocol', 'runtime', 'discovery'],
  cma: ['protocol', 'runtime'],
  simulator: ['protocol', 'runtime', 'discovery', 'nanoprobe', 'cma'],
};

/** Which packages (npm or node:) each area may import; `node:*` means every built-in. */
const ALLOWED_PACKAGES: Record<Area, readonly string[]> = {
  protocol: ['msgpackr', 'node:crypto', 'node:zlib', 'sodium-native'],
  runtime: ['node:*', 'pino'],
  discovery: ['node:*'],
  nanoprobe: ['node:*', 'commander'],
  cma: ['node:*', 'commander', 'neo4j-driver'],
  simulator: ['node:*', 'commander'],
};

function sourceFiles(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return []; // an area with no code yet
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'));
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

function areaOf(path: string): Area | undefined {
  const first = path.split('/')[0];
  return AREAS.find((a) => a === first);
}

function violations(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const area = areaOf(file);
  if (area === undefined) return [];
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/');
      const targetArea = areaOf(target);
      if (targetArea === undefined) {
        out.push(`${file} → ${spec} (outside the source areas)`);
      } else if (targetArea !== area && !ALLOWED_AREAS[area].includes(targetArea)) {
        out.push(`${file} → ${spec} (${area} may not import ${targetArea})`);
      } else if (targetArea === 'simulator' && area !== 'simulator') {
        out.push(`${file} → ${spec} (nothing imports simulator)`);
      } else if (area === 'simulator' && target.endsWith('/cli.ts') && targetArea !== 'simulator') {
        out.push(`${file} → ${spec} (simulator may not import CLIs)`);
      }
      continue;
    }
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
    const allowed = ALLOWED_PACKAGES[area];
    const ok = allowed.includes(pkg) || (pkg.startsWith('node:') && allowed.includes('node:*'));
    if (!ok) out.push(`${file} → ${spec} (${area} may not import ${pkg})`);
    if (pkg === 'neo4j-driver' && !file.startsWith('cma/store/')) out.push(`${file} → ${spec} (neo4j-driver only in cma/store)`);
    if (CORE_DIRS.some((d) => file.startsWith(`${d}/`)) && (pkg === 'node:fs' || pkg === 'node:dgram' || pkg === 'node:fs/promises')) {
      out.push(`${file} → ${spec} (core code does no I/O)`);
    }
  }
  return out;
}

test('every import follows the allowed direction of DESIGN §2', (t) => {
  const files = AREAS.flatMap((a) => sourceFiles(a));
  t.true(files.length > 0);
  const bad = files.flatMap((f) => violations(f));
  t.deepEqual(bad, [], `import rule violations:\n${bad.join('\n')}`);
});

test('core folders read no clock, timer, randomness, process or console', (t) => {
  const files = CORE_DIRS.flatMap((d) => sourceFiles(d));
  const bad: string[] = [];
  for (const file of files) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*(\/\*|\*).*$/, '');
      for (const re of CORE_BANNED_SYNTAX) if (re.test(code)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  t.deepEqual(bad, [], `impure core code:\n${bad.join('\n')}`);
});

test('the checker itself catches forbidden edges', (t) => {
  // Guard against a checker that silently accepts everything.
  t.is(violations('cma/server.ts', "import { x } from '../nanoprobe/index.ts';").length, 1);
  t.is(violations('nanoprobe/daemon.ts', "import type { Y } from '../cma/index.ts';").length, 1);
  t.is(violations('cma/server.ts', "import neo4j from 'neo4j-driver';").length, 1);
  t.is(violations('protocol/codec.ts', "import { x } from '../runtime/clock.ts';").length, 1);
  t.deepEqual(violations('protocol/codec.ts', "import { readFileSync } from 'node:fs';"), [
    "protocol/codec.ts → node:fs (protocol may not import node:fs)",
    'protocol/codec.ts → node:fs (core code does no I/O)',
  ]);
  t.is(violations('runtime/x.ts', "export * from '../simulator/world.ts';").length, 1);
  t.is(violations('simulator/x.ts', "import { main } from '../cma/cli.ts';").length, 1);
  t.deepEqual(violations('cma/store/neo4j-store.ts', "import neo4j from 'neo4j-driver';\nimport { x } from '../../protocol/index.ts';"), []);
  t.deepEqual(violations('nanoprobe/daemon.ts', "import { a } from '../runtime/index.ts';\nimport { b } from './core/index.ts';"), []);
});

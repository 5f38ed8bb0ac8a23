// Every .cypher file shipped in cma/queries parses, declares exactly the $parameters its Cypher uses, and is found
// from the compiled code's location (as `cma query` finds it from dist/cma/cli.js).
import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findQuery, loadQueries, parametersUsed, parseQueryFile, QueryError, SHIPPED_QUERIES_DIR } from '../../../cma/queries/index.ts';

const SHIPPED = [
  'allservices',
  'dependencies',
  'dependents',
  'down',
  'down-services',
  'events-since',
  'findip',
  'findmac',
  'gone-processes',
  'hosts',
  'hostswitchports',
  'impact',
  'nodecount',
  'rings',
  'spof',
  'stakeholders',
  'switchports',
  'unknownips',
  'unmonitored',
  'watchers-of',
];

test('the shipped queries directory is <package root>/cma/queries', (t) => {
  t.is(resolve(SHIPPED_QUERIES_DIR), resolve('cma/queries'));
  t.true(existsSync(join(SHIPPED_QUERIES_DIR, 'hosts.cypher')));
});

test('every shipped file parses; each declared param is used as $name and each $name is declared', (t) => {
  const files = readdirSync(SHIPPED_QUERIES_DIR).filter((f) => f.endsWith('.cypher')).sort();
  t.deepEqual(files.map((f) => f.replace(/\.cypher$/, '')).sort(), SHIPPED);
  for (const file of files) {
    const q = parseQueryFile(file.replace(/\.cypher$/, ''), readFileSync(join(SHIPPED_QUERIES_DIR, file), 'utf8'));
    const used = parametersUsed(q.cypher);
    t.deepEqual([...used].sort(), q.params.map((p) => p.name).sort(), file);
    t.true(q.description.length > 10, file);
    t.true(q.columns !== undefined && q.columns.length > 0, `${file} documents its columns`);
    t.false(/\b(CREATE|MERGE|DELETE|SET|REMOVE)\b/.test(q.cypher), `${file} only reads`);
  }
});

test('watchers-of takes host, events-since takes since and an optional limit', async (t) => {
  const catalogue = await loadQueries();
  t.deepEqual([...catalogue.keys()], SHIPPED);
  t.deepEqual(findQuery(catalogue, 'watchers-of').params.map((p) => [p.name, p.type, p.defaultText]), [['host', 'string', undefined]]);
  t.deepEqual(findQuery(catalogue, 'events-since').params.map((p) => [p.name, p.type, p.defaultText]), [
    ['since', 'time', undefined],
    ['limit', 'int', '1000'],
  ]);
  const err = t.throws(() => findQuery(catalogue, 'host'), { instanceOf: QueryError });
  t.is(err.code, 'CMA_QUERY_UNKNOWN');
});

test('an extra directory adds queries and replaces a shipped one of the same name; a bad file name is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringwatch-queries-'));
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'hosts.cypher'), '// description: mine\nRETURN 1 AS one\n');
  writeFileSync(join(dir, 'extra.cypher'), '// description: extra\nRETURN 2 AS two\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a query');
  const catalogue = await loadQueries([SHIPPED_QUERIES_DIR, dir]);
  t.deepEqual([...catalogue.keys()], [...SHIPPED, 'extra'].sort());
  t.is(catalogue.get('hosts')?.description, 'mine');
  t.is(catalogue.get('hosts')?.source, join(dir, 'hosts.cypher'));
  writeFileSync(join(dir, 'Bad Name.cypher'), '// description: x\nRETURN 1\n');
  const err = await t.throwsAsync(loadQueries([dir]), { instanceOf: QueryError });
  t.is(err.message, `${join(dir, 'Bad Name.cypher')}: 'Bad Name' is not a query name (lowercase letters, digits and dashes)`);
});

test('stakeholders shares impact.cypher statement up to the marker line, and both take the same parameters', async (t) => {
  const catalogue = await loadQueries();
  const impact = findQuery(catalogue, 'impact');
  const stakeholders = findQuery(catalogue, 'stakeholders');
  const marker = '// (stakeholders.cypher shares everything above this line';
  const core = (cypher: string): string => cypher.slice(0, cypher.indexOf(marker));
  t.true(impact.cypher.includes(marker));
  t.is(core(stakeholders.cypher), core(impact.cypher));
  t.deepEqual(stakeholders.params, impact.params.filter((p) => p.name !== 'limit'));
});

test('impact, dependencies and dependents take a depth; the bounded searches stay within their documented maximum', async (t) => {
  const catalogue = await loadQueries();
  for (const name of ['impact', 'stakeholders', 'dependencies', 'dependents']) {
    const q = findQuery(catalogue, name);
    t.true(q.params.some((p) => p.name === 'depth' && p.type === 'int'), name);
    t.true(/\(at most 8\)/.test(q.params.find((p) => p.name === 'depth')?.description ?? ''), name);
    t.false(/\*\s*(\]|\.\.\s*\])/.test(q.cypher), `${name} has no unbounded variable-length pattern`);
    if (name === 'impact' || name === 'stakeholders') {
      // A breadth-first search, one DEPENDS_ON level per step of a reduce over at most 8 levels.
      t.true(q.cypher.includes('k IN range(1, CASE WHEN $depth > 8 THEN 8 ELSE $depth END)'), `${name}: at most 8 DEPENDS_ON levels`);
    } else {
      t.regex(q.cypher, /\{1,16\}/, `${name}: at most 16 relationships = 8 DEPENDS_ON levels (each followed by at most one PROVIDED_BY)`);
    }
  }
});

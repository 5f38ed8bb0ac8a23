// The .cypher header format (docs/queries.md): what parses, and the typed error with file:line for what does not.
import test from 'ava';
import { parametersUsed, parseQueryFile, QueryError } from '../../../cma/queries/index.ts';

const GOOD = `// description: Who heartbeats a host
// A free comment line: it may say anything, even "note: this".
// param: host string  Hostname or host id
// param: limit int = 100  At most this many rows
// param: label string = "two words"  A quoted default keeps its spaces
// columns: watcher, ring

MATCH (w:Host)-[e:WATCHES]->(h:Host) WHERE h.hostname = $host OR h.hostId = $host
RETURN w.hostname AS watcher, e.ringId AS ring, $label AS label LIMIT $limit;
`;

test('a full header: description, params with and without defaults, columns; the statement without its semicolon', (t) => {
  const q = parseQueryFile('watchers', GOOD);
  t.is(q.name, 'watchers');
  t.is(q.description, 'Who heartbeats a host');
  t.deepEqual(q.params, [
    { name: 'host', type: 'string', defaultText: undefined, description: 'Hostname or host id' },
    { name: 'limit', type: 'int', defaultText: '100', description: 'At most this many rows' },
    { name: 'label', type: 'string', defaultText: 'two words', description: 'A quoted default keeps its spaces' },
  ]);
  t.deepEqual(q.columns, ['watcher', 'ring']);
  t.is(q.cypher, 'MATCH (w:Host)-[e:WATCHES]->(h:Host) WHERE h.hostname = $host OR h.hostId = $host\nRETURN w.hostname AS watcher, e.ringId AS ring, $label AS label LIMIT $limit');
  t.is(q.source, 'watchers.cypher');
});

test('the minimal file: a description and a statement; no columns line means columns undefined', (t) => {
  const q = parseQueryFile('one', '// description: one\nRETURN 1 AS one\n');
  t.deepEqual({ params: q.params, columns: q.columns, cypher: q.cypher }, { params: [], columns: undefined, cypher: 'RETURN 1 AS one' });
  t.is(parseQueryFile('crlf', '\uFEFF// description: crlf\r\n\r\nRETURN 1\r\n').cypher, 'RETURN 1');
});

const BAD: readonly [string, string, string][] = [
  ['no description', '// param: x int  a\nRETURN $x', 'q.cypher:1: no "// description: …" line in the header'],
  ['description twice', '// description: a\n// description: b\nRETURN 1', 'q.cypher:2: description given twice'],
  ['empty description', '// description:\nRETURN 1', 'q.cypher:1: empty description'],
  ['unknown field', '// description: a\n// parm: x int  a\nRETURN $x', "q.cypher:2: unknown header field 'parm:' (known: description, param, columns)"],
  ['param without type', '// description: a\n// param: x\nRETURN $x', "q.cypher:2: malformed param 'x' (expected: NAME TYPE [= DEFAULT] DESCRIPTION)"],
  ['param with a bad name', '// description: a\n// param: 1x int  a\nRETURN 1', "q.cypher:2: malformed param '1x int  a' (expected: NAME TYPE [= DEFAULT] DESCRIPTION)"],
  ['unknown type', '// description: a\n// param: x integer  a\nRETURN $x', "q.cypher:2: param x: unknown type 'integer' (known: string, int, float, bool, time)"],
  ['no description of a param', '// description: a\n// param: x int\nRETURN $x', "q.cypher:2: param x: expected a description after the type (and an optional '= DEFAULT')"],
  ['a dangling =', '// description: a\n// param: x int =\nRETURN $x', "q.cypher:2: param x: expected a description after the type (and an optional '= DEFAULT')"],
  ['param twice', '// description: a\n// param: x int  a\n// param: x int  b\nRETURN $x', 'q.cypher:3: param x declared twice'],
  ['default of the wrong type', '// description: a\n// param: x int = ten  a\nRETURN $x', "q.cypher:2: param x: default 'ten' is not int: expected an integer"],
  ['bad time default', '// description: a\n// param: t time = soon  a\nRETURN $t', "q.cypher:2: param t: default 'soon' is not time: expected wall ms, an ISO 8601 time (2026-11-23T13:00:00Z) or an age (90s, 10m, 2h, 7d)"],
  ['bad column', '// description: a\n// columns: a, b c\nRETURN 1', "q.cypher:2: bad column name 'b c' in 'a, b c'"],
  ['empty column', '// description: a\n// columns: a,,b\nRETURN 1', "q.cypher:2: bad column name '' in 'a,,b'"],
  ['column twice', '// description: a\n// columns: a, a\nRETURN 1', "q.cypher:2: a column is listed twice in 'a, a'"],
  ['columns twice', '// description: a\n// columns: a\n// columns: b\nRETURN 1', 'q.cypher:3: columns given twice'],
  ['no statement', '// description: a\n\n// only comments\n', 'q.cypher:4: no Cypher statement after the header'],
  ['declared, unused', '// description: a\n// param: x int  a\nRETURN 1', "q.cypher:1: parameter 'x' is declared but the Cypher never uses $x"],
  ['used, undeclared', '// description: a\nRETURN $y', 'q.cypher:1: the Cypher uses $y but the header declares no "// param: y …"'],
];

for (const [what, text, message] of BAD) {
  test(`malformed header: ${what}`, (t) => {
    const err = t.throws(() => parseQueryFile('q', text), { instanceOf: QueryError });
    t.is(err.code, 'CMA_QUERY_BAD_FILE');
    t.is(err.message, message);
  });
}

test('a bad query name is refused before the text is looked at', (t) => {
  const err = t.throws(() => parseQueryFile('Hosts_All', '// description: a\nRETURN 1'), { instanceOf: QueryError });
  t.is(err.message, "Hosts_All.cypher:1: query name 'Hosts_All' must be lowercase letters, digits and dashes");
});

test('parametersUsed skips string literals and comments, and reads backquoted names', (t) => {
  t.deepEqual([...parametersUsed("MATCH (h) WHERE h.x = $a AND h.y = '$b' AND h.z = \"$c\" // $d\n/* $e */ RETURN $`f g`, $h_1")], ['a', 'f g', 'h_1']);
  t.deepEqual([...parametersUsed("RETURN 'it\\'s $not' AS s, $yes")], ['yes']);
  t.deepEqual([...parametersUsed('RETURN 1 /* unterminated $x')], []);
});

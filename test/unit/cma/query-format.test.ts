// The human output of `cma query`: aligned table, cells, row count, and the --list text.
import test from 'ava';
import { catalogueJson, formatCatalogue, formatCell, formatTable, parseQueryFile } from '../../../cma/queries/index.ts';

test('a table: header, left-aligned text, right-aligned numeric columns, null as -, then the row count', (t) => {
  const out = formatTable(
    ['name', 'count', 'ring'],
    [
      { name: 'web-1', count: 3, ring: 'top' },
      { name: 'a-much-longer-name', count: 12345, ring: null },
      { name: 'x', count: null, ring: 'switch:1' },
    ],
  );
  t.is(
    out,
    [
      'name                count  ring',
      'web-1                   3  top',
      'a-much-longer-name  12345  -',
      'x                       -  switch:1',
      '(3 rows)',
    ].join('\n'),
  );
});

test('one row says "row"; no rows still prints the header; a column of mixed types stays left-aligned', (t) => {
  t.is(formatTable(['a', 'b'], [{ a: 1, b: 'x' }]), 'a  b\n1  x\n(1 row)');
  t.is(formatTable(['label', 'count'], []), 'label  count\n(0 rows)');
  t.is(formatTable(['v'], [{ v: 10 }, { v: 'ten' }]), 'v\n10\nten\n(2 rows)');
  t.is(formatTable([], []), '(0 rows)');
});

test('cells: lists joined, objects as JSON, booleans, control characters escaped', (t) => {
  t.is(formatCell(['web-1', 'web-2']), 'web-1, web-2');
  t.is(formatCell([1, null, { a: 1 }]), '1, -, {"a":1}');
  t.is(formatCell({ labels: ['Host'], properties: { hostname: 'web-1' } }), '{"labels":["Host"],"properties":{"hostname":"web-1"}}');
  t.is(formatCell(true), 'true');
  t.is(formatCell(undefined), '-');
  t.is(formatCell(12n), '12');
  t.is(formatCell('a\nb\tc\u0007'), 'a\\nb\\tc\\x07');
  t.is(formatCell(''), '');
});

test('--list text aligns names and lists parameters with type and default; --list --json is plain data', (t) => {
  const queries = [
    parseQueryFile('down', '// description: Hosts not up\nRETURN 1'),
    parseQueryFile('events-since', '// description: Events\n// param: since time  Start\n// param: limit int = 10  Cap\nRETURN $since, $limit'),
  ];
  t.is(
    formatCatalogue(queries),
    ['down          Hosts not up', 'events-since  Events', '                --param since=<time>  Start', '                --param limit=<int> (default 10)  Cap'].join('\n'),
  );
  t.deepEqual(catalogueJson(queries)[1], {
    name: 'events-since',
    description: 'Events',
    params: [
      { name: 'since', type: 'time', required: true, description: 'Start' },
      { name: 'limit', type: 'int', required: false, default: '10', description: 'Cap' },
    ],
    columns: null,
    cypher: 'RETURN $since, $limit',
  });
});

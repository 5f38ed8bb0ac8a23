// cma query --graph: the DOT text of a result subgraph (pure), and the hidden `_` columns of the table and JSON.
import test from 'ava';
import { dotString, nodeName, pickColumns, toDot, visibleColumns } from '../../../cma/queries/index.ts';
import type { ResultGraph } from '../../../cma/store/index.ts';

const HOST = { id: 'e:1', labels: ['Host'], properties: { hostId: 'ab'.repeat(16), hostname: 'db-1' } };
const PROC = { id: 'e:2', labels: ['Process'], properties: { hostId: 'ab'.repeat(16), pid: 300, name: 'postgres' } };
const SVC = { id: 'e:3', labels: ['Service'], properties: { name: 'postgres:5432', key: 'postgres:5432@x' } };
const CLIENT = { id: 'e:4', labels: ['Process'], properties: { hostId: 'cd'.repeat(16), pid: 7, name: 'say "hi"\\now' } };

const graph: ResultGraph = {
  nodes: [HOST, PROC, SVC, CLIENT],
  relationships: [
    { id: 'r:1', type: 'RUNS', start: 'e:1', end: 'e:2', properties: {} },
    { id: 'r:2', type: 'PROVIDED_BY', start: 'e:3', end: 'e:2', properties: {} },
    { id: 'r:3', type: 'DEPENDS_ON', start: 'e:4', end: 'e:3', properties: { stale: true } },
    { id: 'r:4', type: 'DEPENDS_ON', start: 'e:4', end: 'e:9', properties: {} },
  ],
};

test('toDot: one box per node named as the queries name it, one labelled arrow per relationship, stale dashed', (t) => {
  t.is(
    toDot(graph, 'cma query impact target=db-1'),
    [
      'digraph ringwatch {',
      '  rankdir=LR;',
      '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
      '  edge [fontname="Helvetica", fontsize=9];',
      '  labelloc=t; label="cma query impact target=db-1";',
      '  n0 [label="db-1\\nHost", fillcolor="lightblue"];',
      '  n1 [label="db-1/postgres[300]\\nProcess", fillcolor="lightyellow"];',
      '  n2 [label="postgres:5432\\nService", fillcolor="palegreen"];',
      '  n3 [label="cdcdcdcd/say \\"hi\\"\\\\now[7]\\nProcess", fillcolor="lightyellow"];',
      '  n0 -> n1 [label="RUNS"];',
      '  n2 -> n1 [label="PROVIDED_BY"];',
      '  n3 -> n2 [label="DEPENDS_ON", style=dashed];',
      '}',
      '',
    ].join('\n'),
  );
});

test('toDot of an empty result is an empty digraph; nodeName falls back to the element id', (t) => {
  t.is(toDot({ nodes: [], relationships: [] }), 'digraph ringwatch {\n  rankdir=LR;\n  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=9];\n}\n');
  t.is(nodeName({ id: 'e:77', labels: ['Thing'], properties: {} }), 'e:77');
  t.is(nodeName({ id: 'e:1', labels: ['Endpoint'], properties: { ip: '198.19.0.7', port: 443, proto: 'tcp' } }), '198.19.0.7:443/tcp');
  t.is(nodeName({ id: 'e:1', labels: ['NIC'], properties: { name: 'eth0', mac: '02:00:5e:00:00:01' } }), 'eth0 02:00:5e:00:00:01');
  t.is(nodeName({ id: 'e:1', labels: ['Switch'], properties: { chassisId: '02:00:5e:00:01:00' } }), '02:00:5e:00:01:00');
  t.is(dotString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
});

test('columns starting with _ are hidden from the table and --json; the rest keep their order', (t) => {
  t.deepEqual(visibleColumns(['hops', 'name', '_path', 'why']), ['hops', 'name', 'why']);
  t.deepEqual(pickColumns(['b', 'a'], [{ a: 1, b: 2, _p: 3 }, { a: 4 }]), [
    { b: 2, a: 1 },
    { b: null, a: 4 },
  ]);
});

// What Neo4j values become in `cma query --json`: built with the driver's own value classes.
import test from 'ava';
import neo4j from 'neo4j-driver';
import { toJson } from '../../../cma/store/index.ts';

const { Node, Relationship, Path, PathSegment, DateTime, Date: Neo4jDate, Duration, Point } = neo4j.types;

test('integers: numbers in the safe range, decimal text outside it', (t) => {
  t.is(toJson(neo4j.int(42)), 42);
  t.is(toJson(neo4j.int('-9007199254740991')), -9007199254740991);
  t.is(toJson(neo4j.int('9223372036854775807')), '9223372036854775807');
  t.is(toJson(12n), 12);
  t.is(toJson(2n ** 60n), '1152921504606846976');
});

test('scalars, lists and maps pass through, nested values converted', (t) => {
  t.deepEqual(toJson({ a: [neo4j.int(1), 'x', null, true, 2.5], b: { c: neo4j.int(3) } }), { a: [1, 'x', null, true, 2.5], b: { c: 3 } });
  t.is(toJson(undefined), null);
  t.is(toJson(Number.NaN), 'NaN');
});

test('nodes, relationships and paths become labels/type and properties', (t) => {
  const a = new Node(neo4j.int(1), ['Host'], { hostname: 'web-1', lateCount: neo4j.int(2) }, 'e1');
  const b = new Node(neo4j.int(2), ['Host'], { hostname: 'web-2' }, 'e2');
  const w = new Relationship(neo4j.int(9), neo4j.int(1), neo4j.int(2), 'WATCHES', { ringId: 'top' }, 'r9', 'e1', 'e2');
  t.deepEqual(toJson(a), { labels: ['Host'], properties: { hostname: 'web-1', lateCount: 2 } });
  t.deepEqual(toJson(w), { type: 'WATCHES', properties: { ringId: 'top' } });
  t.deepEqual(toJson(new Path(a, b, [new PathSegment(a, w, b)])), {
    nodes: [toJson(a), toJson(b)],
    relationships: [{ type: 'WATCHES', properties: { ringId: 'top' } }],
  });
});

test('temporal values become ISO text, points their coordinates, bytes base64', (t) => {
  t.is(toJson(new DateTime(2026, 1, 15, 8, 0, 0, 0, 0)), '2026-01-15T08:00:00Z');
  t.is(toJson(new Neo4jDate(2026, 11, 23)), '2026-11-23');
  t.is(toJson(new Duration(0, 0, 90, 0)), 'P0M0DT90S');
  t.deepEqual(toJson(new Point(neo4j.int(7203), 1.5, 2.5)), { srid: 7203, x: 1.5, y: 2.5 });
  t.is(toJson(new Uint8Array([1, 2, 3])), 'AQID');
});

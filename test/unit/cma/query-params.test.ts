// Parameter types and binding of `cma query --param name=value` (docs/queries.md).
import test from 'ava';
import { bindParams, convertParam, QueryError, type QueryParam } from '../../../cma/queries/index.ts';

const NOW = Date.UTC(2026, 10, 23, 13, 0, 0);

const CASES: readonly [Parameters<typeof convertParam>[0], string, unknown][] = [
  ['string', ' any text = ok ', ' any text = ok '],
  ['string', '', ''],
  ['int', '42', 42n],
  ['int', '-7', -7n],
  ['int', '9223372036854775807', 9223372036854775807n],
  ['float', '2.5', 2.5],
  ['float', '-1e3', -1000],
  ['float', '.5', 0.5],
  ['float', '7', 7],
  ['bool', 'true', true],
  ['bool', 'false', false],
  ['time', '1790000000000', 1790000000000n],
  ['time', '2026-11-23T12:00:00Z', BigInt(NOW - 3_600_000)],
  ['time', '2026-11-23T12:00:00.250Z', BigInt(NOW - 3_600_000 + 250)],
  ['time', '2026-11-23T14:00:00+02:00', BigInt(NOW - 3_600_000)],
  ['time', '2026-11-23', BigInt(Date.UTC(2026, 10, 23))],
  ['time', '90s', BigInt(NOW - 90_000)],
  ['time', '10m', BigInt(NOW - 600_000)],
  ['time', '1.5h', BigInt(NOW - 5_400_000)],
  ['time', '7d', BigInt(NOW - 7 * 86_400_000)],
  ['time', '2w', BigInt(NOW - 14 * 86_400_000)],
  ['time', '250ms', BigInt(NOW - 250)],
];

for (const [type, text, value] of CASES) {
  test(`${type} '${text}' → ${String(value)}`, (t) => {
    t.deepEqual(convertParam(type, text, NOW), { value });
  });
}

const REFUSED: readonly [Parameters<typeof convertParam>[0], string][] = [
  ['int', '4.2'],
  ['int', '1e3'],
  ['int', ''],
  ['int', '9223372036854775808'],
  ['int', ' 1'],
  ['float', 'NaN'],
  ['float', 'Infinity'],
  ['float', '1,5'],
  ['float', ''],
  ['bool', 'yes'],
  ['bool', 'True'],
  ['time', 'yesterday'],
  ['time', '10 m'],
  ['time', '-5m'],
  ['time', '2026-13-45T00:00:00Z'],
  ['time', ''],
];

for (const [type, text] of REFUSED) {
  test(`${type} refuses '${text}'`, (t) => {
    t.true('reason' in convertParam(type, text, NOW));
  });
}

const QUERY = {
  name: 'events-since',
  params: [
    { name: 'since', type: 'time', defaultText: undefined, description: 'start' },
    { name: 'limit', type: 'int', defaultText: '1000', description: 'cap' },
    { name: 'age', type: 'time', defaultText: '1h', description: 'relative default' },
  ] satisfies QueryParam[],
};

test('binding: given values converted, defaults filled (a relative default is relative to now), = inside a value kept', (t) => {
  t.deepEqual(bindParams(QUERY, ['since=10m', 'limit=5'], NOW), { since: BigInt(NOW - 600_000), limit: 5n, age: BigInt(NOW - 3_600_000) });
  t.deepEqual(bindParams({ name: 'q', params: [{ name: 's', type: 'string', defaultText: undefined, description: 'd' }] }, ['s=a=b'], NOW), { s: 'a=b' });
  t.deepEqual(bindParams({ name: 'q', params: [{ name: 's', type: 'string', defaultText: undefined, description: 'd' }] }, ['s='], NOW), { s: '' });
});

const BIND_ERRORS: readonly [string, readonly string[], string][] = [
  ['missing', [], "query events-since: missing parameter 'since' (time: start); pass --param since=…"],
  ['unknown', ['since=1h', 'until=1h'], "query events-since: unknown parameter 'until' (its parameters: since (time), limit (int), age (time))"],
  ['twice', ['since=1h', 'since=2h'], "query events-since: parameter 'since' given twice"],
  ['not name=value', ['since'], "query events-since: --param 'since' is not name=value"],
  ['empty name', ['=1h'], "query events-since: --param '=1h' is not name=value"],
  ['badly typed', ['since=1h', 'limit=many'], "query events-since: parameter 'limit' is int: expected an integer, got 'many'"],
];

for (const [what, args, message] of BIND_ERRORS) {
  test(`binding refuses: ${what}`, (t) => {
    const err = t.throws(() => bindParams(QUERY, args, NOW), { instanceOf: QueryError });
    t.is(err.code, 'CMA_QUERY_BAD_PARAM');
    t.is(err.message, message);
  });
}

// Fuzzing the inventory parsers (STYLE practice 21): random text, random JSON and mutated fixture lines give
// { value, warnings } (within the warning bound) or a DiscoveryError, and nothing else. 3,000 runs per property.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {
  buildInventory,
  DiscoveryError,
  MAX_WARNINGS,
  parseCpuinfo,
  parseDpkgQuery,
  parseIpAddrJson,
  parseMeminfo,
  parseOsRelease,
  parseProcVersion,
  parseSysNetInterface,
  parseUname,
  type ParseResult,
  type RawSysNetInterface,
} from '../../../discovery/index.ts';

const RUNS = 3_000;
const DIR = join(process.cwd(), 'test/fixtures/inventory');
const fx = (name: string): string => readFileSync(join(DIR, name), 'utf8');

function behaves(parse: () => ParseResult<unknown>): boolean {
  let r: ParseResult<unknown>;
  try {
    r = parse();
  } catch (e) {
    if (e instanceof DiscoveryError) return true;
    throw e;
  }
  return Array.isArray(r.warnings) && r.warnings.length <= MAX_WARNINGS + 1 && 'value' in r;
}

const pieces = fc.constantFrom(':', '=', '"', "'", '\t', '\n', ' ', '(', ')', 'kB', '-1', '0x41', 'processor', 'MemTotal', 'ID', '{', '}', '[', ']', 'ii ', '\\');
const textish = fc.oneof(fc.string({ maxLength: 300, unit: 'binary' }), fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 80 }).map((p) => p.join('')));

/** A fixture with random edits: characters deleted, inserted or replaced at random places. */
const mutated = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 3, unit: 'binary' })), { maxLength: 12 }).map((edits) => {
    let s = text;
    for (const [pos, del, ins] of edits) {
      const at = s.length === 0 ? 0 : pos % s.length;
      s = s.slice(0, at) + ins + s.slice(at + del);
    }
    return s;
  });

const TEXT_PARSERS = [
  ['os-release', parseOsRelease, 'os-release.debian12'],
  ['proc version', parseProcVersion, 'proc-version'],
  ['uname', parseUname, 'proc-version'],
  ['cpuinfo', parseCpuinfo, 'cpuinfo.x86'],
  ['meminfo', parseMeminfo, 'meminfo'],
  ['dpkg-query', parseDpkgQuery, 'dpkg-query.tsv'],
  ['ip -j addr', parseIpAddrJson, 'ip-j-addr.json'],
] as const;

for (const [name, parse, file] of TEXT_PARSERS) {
  test(`${name}: random text or bytes → result or DiscoveryError`, (t) => {
    fc.assert(fc.property(fc.oneof(textish, fc.uint8Array({ maxLength: 300 })), (input) => behaves(() => parse(input))), { numRuns: RUNS });
    t.pass();
  });
  test(`${name}: mutated fixture → result or DiscoveryError`, (t) => {
    fc.assert(fc.property(mutated(fx(file).slice(0, 4_000)), (input) => behaves(() => parse(input))), { numRuns: RUNS });
    t.pass();
  });
}

test('ip -j addr: random JSON values → result or DiscoveryError', (t) => {
  const entry = fc.record({ ifindex: fc.oneof(fc.integer(), fc.string()), ifname: fc.oneof(fc.string(), fc.integer()), mtu: fc.jsonValue(), address: fc.jsonValue(), flags: fc.jsonValue(), addr_info: fc.oneof(fc.jsonValue(), fc.array(fc.record({ family: fc.constantFrom('inet', 'inet6', 'link', 7), local: fc.jsonValue(), prefixlen: fc.jsonValue(), scope: fc.jsonValue() }, { requiredKeys: [] }))) }, { requiredKeys: [] });
  fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.array(entry)), (doc) => behaves(() => parseIpAddrJson(JSON.stringify(doc)))), { numRuns: RUNS });
  t.pass();
});

test('sysfs interface and whole inventory: random parts → result', (t) => {
  const part = fc.option(fc.oneof(textish, fc.uint8Array({ maxLength: 40 })), { nil: undefined });
  fc.assert(
    fc.property(fc.record({ name: fc.string(), address: part, mtu: part, speed: part, operstate: part }).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RawSysNetInterface), part, part, part, (sys, ip, cpu, mem) =>
      behaves(() => parseSysNetInterface(sys)) && behaves(() => buildInventory({ sysNet: [sys], ...(ip === undefined ? {} : { ipAddrJson: ip, procVersion: ip }), ...(cpu === undefined ? {} : { cpuinfo: cpu }), ...(mem === undefined ? {} : { meminfo: mem, dpkgQuery: mem }) })),
    ),
    { numRuns: RUNS },
  );
  t.pass();
});

// Fuzzing the discovery parsers (STYLE practice 9/21): for random text and for fixture lines mutated at random,
// each parser returns { value, warnings } or throws a DiscoveryError, and nothing else. 5,000 runs per property.
import test from 'ava';
import fc from 'fast-check';
import {
  DiscoveryError,
  MAX_WARNINGS,
  parseCmdline,
  parseFdLinks,
  parseIpNeighJson,
  parsePasswd,
  parseProcNet,
  parseProcNetArp,
  parseProcStat,
  parseProcStatus,
  processFromProc,
  type ProcNetTable,
} from '../../../discovery/index.ts';
import { fixture } from '../../helpers/procfs.ts';

const RUNS = 5_000;

/** Runs `parse`; true when it returned a well-formed ParseResult (or any value, if `plain`) or threw a DiscoveryError. */
function behaves(parse: () => unknown, plain = false): boolean {
  let out: unknown;
  try {
    out = parse();
  } catch (e) {
    if (e instanceof DiscoveryError) return true;
    throw e;
  }
  if (plain) return true;
  const r = out as { value?: unknown; warnings?: unknown };
  return r.value !== undefined && Array.isArray(r.warnings) && r.warnings.length <= MAX_WARNINGS + 1;
}

/** Text that looks a bit like procfs: hex digits, colons, spaces, newlines, and anything else now and then. */
const procLikeText = fc
  .array(fc.oneof(fc.constantFrom('0', '1', 'A', 'F', ':', ' ', '\n', '\t', '(', ')', '\0', '-', 'sl', 'local_address', '0A', '0100007F:1F90', 'socket:['), fc.string({ maxLength: 4, unit: 'binary' })), { maxLength: 120 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 400, unit: 'binary' }), procLikeText);

type Mutation = { line: number; pos: number; op: 'delete' | 'insert' | 'replace' | 'truncate' | 'dupField' | 'dropField' | 'swapFields' | 'dupLine'; text: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  line: fc.nat(),
  pos: fc.nat(),
  op: fc.constantFrom('delete', 'insert', 'replace', 'truncate', 'dupField', 'dropField', 'swapFields', 'dupLine'),
  text: fc.oneof(fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }), fc.constantFrom(' ', ':', 'G', '0', '\n', '(', ')', '[', '-1', 'ffffffffffffffffff')),
});

/** Applies mutations to the body lines of a fixture (line 0, the header, stays unless `touchHeader`). */
function mutate(text: string, ms: readonly Mutation[], touchHeader = false): string {
  const lines = text.split('\n');
  const first = touchHeader ? 0 : 1;
  for (const m of ms) {
    if (lines.length <= first) break;
    const li = first + (m.line % (lines.length - first));
    const line = lines[li] ?? '';
    const at = line.length === 0 ? 0 : m.pos % line.length;
    const fields = line.split(' ');
    const fi = m.pos % Math.max(1, fields.length);
    switch (m.op) {
      case 'delete': lines[li] = line.slice(0, at) + line.slice(at + 1); break;
      case 'insert': lines[li] = line.slice(0, at) + m.text + line.slice(at); break;
      case 'replace': lines[li] = line.slice(0, at) + m.text + line.slice(at + m.text.length); break;
      case 'truncate': lines[li] = line.slice(0, at); break;
      case 'dupField': fields.splice(fi, 0, fields[fi] ?? ''); lines[li] = fields.join(' '); break;
      case 'dropField': fields.splice(fi, 1); lines[li] = fields.join(' '); break;
      case 'swapFields': [fields[0], fields[fi]] = [fields[fi] ?? '', fields[0] ?? '']; lines[li] = fields.join(' '); break;
      case 'dupLine': lines.splice(li, 0, line); break;
    }
  }
  return lines.join('\n');
}

const SOCKET_FIXTURES: readonly [string, ProcNetTable][] = [
  ['live-netns-kernel-6.18/hostA.proc-net-tcp', 'tcp'],
  ['live-netns-kernel-6.18/hostA.proc-net-tcp6', 'tcp6'],
  ['live-netns-kernel-6.18/hostA.proc-net-udp', 'udp'],
  ['live-unshare-kernel-6.18/proc-net-udp', 'udp'],
  ['prometheus-procfs/proc-net-udp6', 'udp6'],
  ['robinmonjo-dock/proc-net-tcp6', 'tcp6'],
  ['bastjan-netstat/proc-net-tcp', 'tcp'],
];
const ROBIN_TCP = fixture('robinmonjo-dock/proc-net-tcp').split('\n').slice(0, 30).join('\n'); // incl. TIME_WAIT rows
const socketTexts = [...SOCKET_FIXTURES.map(([path, table]) => [fixture(path), table] as const), [ROBIN_TCP, 'tcp'] as const];
const tables = fc.constantFrom<ProcNetTable>('tcp', 'tcp6', 'udp', 'udp6');

test('/proc/net socket tables: random text or bytes → a result or DiscoveryError only', (t) => {
  fc.assert(fc.property(anyText, tables, (text, table) => behaves(() => parseProcNet(text, table))), { numRuns: RUNS });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), tables, (bytes, table) => behaves(() => parseProcNet(bytes, table))), { numRuns: RUNS });
  t.pass();
});

test('/proc/net socket tables: mutated fixture rows → never a throw while the header stands, never more rows than lines', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...socketTexts), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom<'little' | 'big'>('little', 'big'), ([text, table], ms, byteOrder) => {
      const mutated = mutate(text, ms);
      const r = parseProcNet(mutated, table, { byteOrder }); // the header is intact, so this must not throw
      return r.value.length <= mutated.split('\n').length && r.warnings.length <= MAX_WARNINGS + 1;
    }),
    { numRuns: RUNS },
  );
  fc.assert(fc.property(fc.constantFrom(...socketTexts), fc.array(mutation, { minLength: 1, maxLength: 6 }), ([text, table], ms) => behaves(() => parseProcNet(mutate(text, ms, true), table))), { numRuns: RUNS });
  t.pass();
});

const ARP_TEXTS = ['live-netns-kernel-6.18/hostA.proc-net-arp', 'node_exporter/proc-net-arp', 'prometheus-procfs/proc-net-arp'].map(fixture);

test('/proc/net/arp: random text and mutated fixtures → a result or DiscoveryError only', (t) => {
  fc.assert(fc.property(anyText, (text) => behaves(() => parseProcNetArp(text))), { numRuns: RUNS });
  fc.assert(fc.property(fc.constantFrom(...ARP_TEXTS), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (text, ms, head) => behaves(() => parseProcNetArp(mutate(text, ms, head)))), { numRuns: RUNS });
  t.pass();
});

const NEIGH_TEXTS = ['live-netns-kernel-6.18/hostA.ip-j-neigh.json', 'live-netns-kernel-6.18/hostA.ip-s-j-neigh.json'].map(fixture);

test('ip -j neigh: random text, random JSON, and mutated fixtures → a result or DiscoveryError only', (t) => {
  fc.assert(fc.property(anyText, (text) => behaves(() => parseIpNeighJson(text))), { numRuns: RUNS });
  fc.assert(fc.property(fc.json(), (text) => behaves(() => parseIpNeighJson(text))), { numRuns: RUNS });
  const entry = fc.dictionary(fc.constantFrom('dst', 'dev', 'lladdr', 'state', 'router', 'used', 'probes', '__proto__', 'constructor'), fc.jsonValue());
  fc.assert(fc.property(fc.array(fc.oneof(entry, fc.jsonValue()), { maxLength: 8 }), (doc) => behaves(() => parseIpNeighJson(JSON.stringify(doc)))), { numRuns: RUNS });
  fc.assert(fc.property(fc.constantFrom(...NEIGH_TEXTS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, ms) => behaves(() => parseIpNeighJson(mutate(text, ms, true)))), { numRuns: RUNS });
  t.pass();
});

const PID_FILES = ['server.stat', 'worker.stat', 'server.status', 'worker.status'].map((f) => fixture(`live-unshare-kernel-6.18/${f}`));

test('/proc/<pid> files: random and mutated stat/status/fd/cmdline/passwd → a result or DiscoveryError only', (t) => {
  fc.assert(fc.property(anyText, (text) => behaves(() => parseProcStat(text), true) && behaves(() => parseProcStatus(text)) && behaves(() => parsePasswd(text))), { numRuns: RUNS });
  fc.assert(
    fc.property(fc.constantFrom(...PID_FILES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (text, ms) => {
      const m = mutate(text, ms, true);
      return behaves(() => parseProcStat(m), true) && behaves(() => parseProcStatus(m));
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.array(anyText, { maxLength: 10 }), fc.uint8Array({ maxLength: 200 }), anyText, (links, cmdline, stat) =>
      behaves(() => parseFdLinks(links)) && Array.isArray(parseCmdline(cmdline)) && behaves(() => processFromProc({ pid: 1, fdLinks: links, cmdline, stat, status: stat, exe: stat, comm: cmdline }))),
    { numRuns: RUNS },
  );
  t.pass();
});

test('warnings stay bounded on a garbage table with thousands of bad rows', (t) => {
  const text = `  sl  local_address rem_address   st\n${'junk row\n'.repeat(5_000)}`;
  const r = parseProcNet(text, 'tcp');
  t.is(r.warnings.length, MAX_WARNINGS + 1);
  t.is(r.warnings.at(-1)?.message, `${5_000 - MAX_WARNINGS} more warnings dropped`);
});

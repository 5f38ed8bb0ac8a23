/**
 * Test-time readers for the LLDP/CDP capture fixtures (test/fixtures/lldp-cdp, copied from shared/testdata with
 * their SOURCES.md) and for the oracle texts next to them: tshark 4.0.17 `-V` decodings, ladvd's
 * check_proto.c expectations. Nothing here decodes frames — it only reads what the independent decoders said.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Root of the capture fixtures. */
export const FIXTURES = join(process.cwd(), 'test/fixtures/lldp-cdp');

/** Every capture file under the fixtures, as paths relative to {@link FIXTURES}, sorted. */
export function captureFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(pcap|cap)$/.test(e.name))
    .map((e) => relative(FIXTURES, join(e.parentPath, e.name)))
    .sort();
}

/** Bytes of a fixture file. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, path)));
}

/** What tshark said about one frame: the protocol, its extracted fields (multi-valued), and whether it complained. */
export interface TsharkFrame {
  readonly protocol: 'lldp' | 'cdp' | 'edp' | 'fdp' | 'sonmp';
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** tshark reported the frame or a TLV as malformed, invalid, bad or cut. */
  readonly flagged: boolean;
}

const PROTOCOL_LINES: readonly [string, TsharkFrame['protocol']][] = [
  ['Link Layer Discovery Protocol', 'lldp'],
  ['Cisco Discovery Protocol', 'cdp'],
  ['Extreme Discovery Protocol', 'edp'],
  ['Foundry Discovery Protocol', 'fdp'],
  ['Nortel Discovery Protocol', 'sonmp'],
];

/** Field name → regular expression whose first group is the value, per protocol (tshark 4.0 -V layout). */
const EXTRACTORS: Readonly<Record<TsharkFrame['protocol'], readonly [string, RegExp][]>> = {
  lldp: [
    ['chassis', /^ {4}Chassis Subtype = ([^,\n]+, Id: .*)$/gm],
    ['port', /^ {4}Port Subtype = ([^,\n]+, Id: .*)$/gm],
    ['ttl', /^ {4}Time To Live = (\d+) sec$/gm],
    ['systemName', /^ {4}System Name = (.*)$/gm],
    ['portDescription', /^ {4}Port Description = (.*)$/gm],
    ['managementAddress', /^ {8}Management Address: (.*)$/gm],
    ['pvid', /^ {8}Port VLAN Identifier: (\d+)/gm],
    ['vlanName', /^ {8}VLAN Identifier: (\d+ \(0x[0-9a-f]+\)\n {8}VLAN Name Length: \d+\n {8}VLAN Name: .*)$/gm],
    ['capabilities', /^ {8}Capabilities: (0x[0-9a-f]+)$/gm],
    ['enabledCapabilities', /^ {8}Enabled Capabilities: (0x[0-9a-f]+)$/gm],
    ['maxFrameSize', /^ {8}Maximum Frame Size: (\d+)$/gm],
  ],
  cdp: [
    ['version', /^ {4}Version: (\d+)$/gm],
    ['ttl', /^ {4}TTL: (\d+) seconds$/gm],
    ['checksumStatus', /^ {4}\[Checksum Status: (\w+)\]$/gm],
    ['deviceId', /^ {4}Device ID: (.*)$/gm],
    ['portId', /^ {4}Port ID: (.*)$/gm],
    ['platform', /^ {4}Platform: (.*)$/gm],
    ['nativeVlan', /^ {4}Native VLAN: (\d+)$/gm],
    ['duplex', /^ {4}Duplex: (\w+)$/gm],
    ['vtpDomain', /^ {4}VTP Management Domain: (.*)$/gm],
    ['capabilities', /^ {8}Capabilities: (0x[0-9a-f]+)$/gm],
    ['address', /^ {12}IP(?:v6)? [Aa]ddress: (.*)$/gm],
  ],
  edp: [
    ['checksumStatus', /^ {4}\[EDP checksum status: (\w+)\]$/gm],
    ['display', /^ {4}Display: "(.*)"$/gm],
    ['info', /^ {4}Info: Slot\/Port: (\d+\/\d+), Version: (?:[\d.]+)$/gm],
    ['machineMac', /^ {4}Machine MAC: .*\(([0-9a-f:]{17})\)$/gm],
  ],
  fdp: [
    ['deviceId', /^ {4}DeviceID: "(.*)"$/gm],
    ['portId', /^ {4}Interface: "(.*)"$/gm],
    ['holdtime', /^ {4}Holdtime: (\d+)$/gm],
    ['platform', /^ {4}Platform: "(.*)"$/gm],
    ['address', /^ {8}Net IP Address\?: (.*)$/gm],
    ['vlan', /^ {8}VLAN: (\d+)$/gm],
  ],
  sonmp: [
    ['ip', /^ {4}IP address: (.*)$/gm],
    ['segment', /^ {4}Segment Identifier: (0x[0-9a-f]+)$/gm],
    ['state', /^ {4}State: .*\((\d+)\)$/gm],
    ['links', /^ {4}Number of links: (\d+)$/gm],
  ],
};

const FLAGS = /Malformed|Invalid|invalid|incorrect|Bad checksum|Packet size limited|Trailing stray/;

/** Parses a tshark `-V` text into frame number (1-based, whole file) → what tshark decoded. */
export function parseTshark(textOfFile: string): Map<number, TsharkFrame> {
  const frames = new Map<number, TsharkFrame>();
  for (const block of textOfFile.split(/\n(?=Frame \d+:)/)) {
    const number = /^Frame (\d+):/.exec(block)?.[1];
    const protocol = PROTOCOL_LINES.find(([line]) => block.includes(`\n${line}`))?.[1];
    if (number === undefined || protocol === undefined) continue;
    const fields = new Map<string, string[]>();
    for (const [name, pattern] of EXTRACTORS[protocol]) {
      const values = [...block.matchAll(pattern)].map((m) => m[1] ?? '');
      if (values.length > 0) fields.set(name, values);
    }
    frames.set(Number(number), { protocol, fields, flagged: FLAGS.test(block) });
  }
  return frames;
}

/** The tshark oracle of a capture fixture (empty when the fixture has none). */
export function tsharkOracle(capture: string): Map<number, TsharkFrame> {
  try {
    return parseTshark(readFileSync(join(FIXTURES, `${capture}.tshark-4.0.17-V.txt`), 'utf8'));
  } catch {
    return new Map();
  }
}

/** One ladvd expectation (ladvd/ladvd-check_proto-expected.txt): accepted or not, and the PEER_* fields. */
export interface LadvdExpectation {
  readonly capture: string;
  readonly accepted: boolean;
  readonly ttl?: number;
  readonly hostname?: string;
  readonly portName?: string;
  readonly portDescription?: string;
  readonly vlanId?: string;
}

/** Parses the ladvd expectations; a capture listed twice merges its lines. */
export function ladvdExpectations(): LadvdExpectation[] {
  const text = readFileSync(join(FIXTURES, 'ladvd/ladvd-check_proto-expected.txt'), 'utf8');
  const byCapture = new Map<string, Record<string, unknown>>();
  let current: Record<string, unknown> | undefined;
  for (const line of text.split('\n')) {
    const head = /^(ladvd\/\S+)\s/.exec(line);
    if (head?.[1] !== undefined) {
      current = byCapture.get(head[1]) ?? { capture: head[1] };
      byCapture.set(head[1], current);
      continue;
    }
    if (current === undefined) continue;
    if (/-> 0 \(rejected\)/.test(line)) current.accepted = false;
    else if (/_decode -> .*accepted/.test(line)) current.accepted = true;
    const ttl = /^\s+ttl == (\d+)/.exec(line)?.[1];
    if (ttl !== undefined) current.ttl = Number(ttl);
    for (const [key, field] of [
      ['HOSTNAME', 'hostname'],
      ['PORTNAME', 'portName'],
      ['PORTDESCR', 'portDescription'],
      ['VLAN_ID', 'vlanId'],
    ] as const) {
      const value = new RegExp(`PEER_${key} == "(.*)"`).exec(line)?.[1];
      if (value !== undefined) current[field] = value;
    }
  }
  return [...byCapture.values()].map((e) => ({ accepted: true, ...e }) as LadvdExpectation);
}

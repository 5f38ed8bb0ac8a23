/**
 * Scenario files (docs/simulator.md): JSON, every field but `name` and `durationMs` optional with a documented
 * default, unknown keys refused (a typo must not silently run another experiment). `parseScenario` validates
 * and returns a frozen Scenario; any problem is a SimError('SIM_BAD_SCENARIO') naming the field.
 */
import { SimError } from '../errors.ts';
import { DEFAULT_NETWORK_PARAMS, type NetworkParams } from '../engine/sim-network.ts';
import { DEFAULT_WORLD_PARAMS, MAX_SWITCHES, MAX_WORLD_HOSTS, type WorldParams } from '../world/world.ts';
import { FAULT_KINDS, type Expectations, type Fault, type Scenario } from './types.ts';

type Obj = Readonly<Record<string, unknown>>;

const DAY_MS = 86_400_000;

/** Overrides a caller may put over a scenario file (CLI flags). */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly hosts?: number;
}

class Reader {
  readonly #where: string;
  constructor(where: string) {
    this.#where = where;
  }

  fail(path: string, why: string): never {
    throw new SimError('SIM_BAD_SCENARIO', `${this.#where}: ${path} ${why}`);
  }

  obj(v: unknown, path: string, allowed: readonly string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    const o = v as Obj;
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, `is not a known field (known: ${allowed.join(', ')})`);
    return o;
  }

  num(o: Obj, key: string, path: string, def: number | undefined, min: number, max: number, integer = false): number {
    const v = o[key];
    if (v === undefined) {
      if (def === undefined) this.fail(`${path}.${key}`, 'is required');
      return def;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) this.fail(`${path}.${key}`, `must be ${integer ? 'an integer' : 'a number'}`);
    if (v < min || v > max) this.fail(`${path}.${key}`, `must be in [${min}, ${max}], got ${v}`);
    return v;
  }

  optNum(o: Obj, key: string, path: string, min: number, max: number, integer = false): number | undefined {
    return o[key] === undefined ? undefined : this.num(o, key, path, undefined, min, max, integer);
  }

  str(o: Obj, key: string, path: string, def: string | undefined): string {
    const v = o[key];
    if (v === undefined) {
      if (def === undefined) this.fail(`${path}.${key}`, 'is required');
      return def;
    }
    if (typeof v !== 'string') this.fail(`${path}.${key}`, 'must be a string');
    return v;
  }

  bool(o: Obj, key: string, path: string, def: boolean): boolean {
    const v = o[key];
    if (v === undefined) return def;
    if (typeof v !== 'boolean') this.fail(`${path}.${key}`, 'must be true or false');
    return v;
  }

  range(o: Obj, key: string, path: string, def: readonly [number, number], min: number, max: number): readonly [number, number] {
    const v = o[key];
    if (v === undefined) return def;
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) this.fail(`${path}.${key}`, 'must be [min, max]');
    const [a, b] = v as [number, number];
    if (a < min || b > max || a > b) this.fail(`${path}.${key}`, `must satisfy ${min} <= min <= max <= ${max}`);
    return [a, b];
  }
}

/** Parses a scenario document (`text` is the file's JSON; `where` names it in errors). */
export function parseScenario(text: string, where: string, overrides: ScenarioOverrides = {}): Scenario {
  const r: Reader = new Reader(where);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SimError('SIM_BAD_SCENARIO', `${where}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const top = r.obj(doc, 'scenario', ['name', 'description', 'seed', 'durationMs', 'timing', 'world', 'network', 'startOverMs', 'cma', 'codecSample', 'discovery', 'invariants', 'healthy', 'faults', 'expect']);
  const durationMs = r.num(top, 'durationMs', 'scenario', undefined, 1_000, 30 * DAY_MS);
  const timingText = r.str(top, 'timing', 'scenario', 'lan');
  if (timingText !== 'lan' && timingText !== 'wan') r.fail('scenario.timing', 'must be "lan" or "wan"');
  const timing: 'lan' | 'wan' = timingText;
  const world = parseWorld(r, top.world ?? {}, overrides.hosts);
  const faults = parseFaults(r, top.faults ?? [], durationMs, world);
  const startOverMs = r.num(top, 'startOverMs', 'scenario', Math.min(30_000, Math.max(1_000, world.hosts / 10)), 0, DAY_MS);
  const cma = r.obj(top.cma ?? {}, 'scenario.cma', ['store', 'storeLatencyMs']);
  const storeText = r.str(cma, 'store', 'scenario.cma', 'light');
  if (storeText !== 'light' && storeText !== 'memory') r.fail('scenario.cma.store', 'must be "light" or "memory"');
  const store: 'light' | 'memory' = storeText;
  const inv = r.obj(top.invariants ?? {}, 'scenario.invariants', ['everyMs', 'fullCheckMaxHosts']);
  const healthy = r.obj(top.healthy ?? {}, 'scenario.healthy', ['fromMs', 'toMs']);
  const firstFault = faults.reduce((m, f) => Math.min(m, f.atMs), durationMs);
  const scenario: Scenario = {
    name: r.str(top, 'name', 'scenario', undefined),
    description: r.str(top, 'description', 'scenario', ''),
    seed: overrides.seed ?? r.num(top, 'seed', 'scenario', 1, 0, 0xffff_ffff, true),
    durationMs,
    timing,
    world,
    network: parseNetwork(r, top.network ?? {}),
    startOverMs,
    cma: { store, storeLatencyMs: r.num(cma, 'storeLatencyMs', 'scenario.cma', 2, 0, 10_000) },
    codecSample: r.num(top, 'codecSample', 'scenario', 0.01, 0, 1),
    discovery: r.bool(top, 'discovery', 'scenario', false),
    invariants: {
      everyMs: r.num(inv, 'everyMs', 'scenario.invariants', 10_000, 0, DAY_MS),
      fullCheckMaxHosts: r.num(inv, 'fullCheckMaxHosts', 'scenario.invariants', 20_000, 0, MAX_WORLD_HOSTS, true),
    },
    healthy: {
      fromMs: r.num(healthy, 'fromMs', 'scenario.healthy', Math.min(startOverMs + 30_000, firstFault), 0, durationMs),
      toMs: r.num(healthy, 'toMs', 'scenario.healthy', firstFault, 0, durationMs),
    },
    faults,
    expect: parseExpect(r, top.expect ?? {}),
  };
  return deepFreeze(scenario);
}

function parseWorld(r: Reader, v: unknown, hostsOverride: number | undefined): WorldParams {
  const o = r.obj(v, 'scenario.world', Object.keys(DEFAULT_WORLD_PARAMS));
  const d = DEFAULT_WORLD_PARAMS;
  const hosts = hostsOverride ?? r.num(o, 'hosts', 'scenario.world', d.hosts, 1, MAX_WORLD_HOSTS, true);
  const reserveHosts = r.num(o, 'reserveHosts', 'scenario.world', d.reserveHosts, 0, MAX_WORLD_HOSTS, true);
  const hostsPerSwitch = r.range(o, 'hostsPerSwitch', 'scenario.world', d.hostsPerSwitch, 1, 255);
  if (hosts + reserveHosts > MAX_WORLD_HOSTS) r.fail('scenario.world', `holds more than ${MAX_WORLD_HOSTS} hosts`);
  if ((hosts + reserveHosts) / hostsPerSwitch[0] > MAX_SWITCHES - 2) r.fail('scenario.world.hostsPerSwitch', `would need more than ${MAX_SWITCHES} switches`);
  return {
    hosts,
    reserveHosts,
    datacentres: r.num(o, 'datacentres', 'scenario.world', d.datacentres, 1, 1_000, true),
    hostsPerSwitch,
    appsPer1000Hosts: r.num(o, 'appsPer1000Hosts', 'scenario.world', d.appsPer1000Hosts, 0, 1_000),
    sharedDatabases: r.num(o, 'sharedDatabases', 'scenario.world', d.sharedDatabases, 0, 10_000, true),
    externalEndpoints: r.num(o, 'externalEndpoints', 'scenario.world', d.externalEndpoints, 0, 200, true),
    lldpFraction: r.num(o, 'lldpFraction', 'scenario.world', d.lldpFraction, 0, 1),
  };
}

function parseNetwork(r: Reader, v: unknown): NetworkParams {
  const d = DEFAULT_NETWORK_PARAMS;
  const o = r.obj(v, 'scenario.network', Object.keys(d));
  const p = 'scenario.network';
  return {
    sameSwitchMs: r.range(o, 'sameSwitchMs', p, d.sameSwitchMs, 0, 60_000),
    sameDcMs: r.range(o, 'sameDcMs', p, d.sameDcMs, 0, 60_000),
    crossDcMs: r.range(o, 'crossDcMs', p, d.crossDcMs, 0, 60_000),
    tailRate: r.num(o, 'tailRate', p, d.tailRate, 0, 1),
    tailFactor: r.range(o, 'tailFactor', p, d.tailFactor, 1, 1_000),
    lossRate: r.num(o, 'lossRate', p, d.lossRate, 0, 1),
  };
}

function parseFaults(r: Reader, v: unknown, durationMs: number, world: WorldParams): Fault[] {
  if (!Array.isArray(v)) r.fail('scenario.faults', 'must be an array');
  return (v as unknown[]).map((item, i): Fault => {
    const p = `scenario.faults[${i}]`;
    const kindOf = typeof item === 'object' && item !== null ? (item as Obj).kind : undefined;
    if (typeof kindOf !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kindOf)) r.fail(`${p}.kind`, `must be one of ${FAULT_KINDS.join(', ')}`);
    const fields: Record<(typeof FAULT_KINDS)[number], string[]> = {
      'kill-host': ['hosts', 'restartAfterMs'],
      'kill-switch': ['switches', 'forMs'],
      partition: ['switches', 'forMs'],
      loss: ['rate', 'forMs'],
      stall: ['hosts', 'forMs'],
      'cma-failover': ['downMs'],
      'mass-reboot': ['fraction', 'downMs', 'clean'],
      'join-storm': ['overMs'],
    };
    const kind = kindOf as Fault['kind'];
    const o = r.obj(item, p, ['kind', 'atMs', ...fields[kind]]);
    const atMs = r.num(o, 'atMs', p, undefined, 0, durationMs);
    const hosts = (): number => r.num(o, 'hosts', p, undefined, 1, world.hosts, true);
    const switches = (): number => r.num(o, 'switches', p, undefined, 1, MAX_SWITCHES, true);
    const forMs = (): number => r.num(o, 'forMs', p, undefined, 1, 30 * DAY_MS);
    switch (kind) {
      case 'kill-host': {
        const restartAfterMs = r.optNum(o, 'restartAfterMs', p, 0, 30 * DAY_MS);
        return restartAfterMs === undefined ? { kind, atMs, hosts: hosts() } : { kind, atMs, hosts: hosts(), restartAfterMs };
      }
      case 'kill-switch': {
        const f = r.optNum(o, 'forMs', p, 1, 30 * DAY_MS);
        return f === undefined ? { kind, atMs, switches: switches() } : { kind, atMs, switches: switches(), forMs: f };
      }
      case 'partition':
        return { kind, atMs, switches: switches(), forMs: forMs() };
      case 'loss':
        return { kind, atMs, rate: r.num(o, 'rate', p, undefined, 0, 1), forMs: forMs() };
      case 'stall':
        return { kind, atMs, hosts: hosts(), forMs: forMs() };
      case 'cma-failover':
        return { kind, atMs, downMs: r.num(o, 'downMs', p, undefined, 0, DAY_MS) };
      case 'mass-reboot':
        return { kind, atMs, fraction: r.num(o, 'fraction', p, undefined, 0, 1), downMs: r.range(o, 'downMs', p, [10_000, 60_000], 0, DAY_MS), clean: r.bool(o, 'clean', p, true) };
      case 'join-storm':
        if (world.reserveHosts === 0) r.fail(p, 'needs world.reserveHosts > 0');
        return { kind, atMs, overMs: r.num(o, 'overMs', p, undefined, 0, DAY_MS) };
    }
  });
}

function parseExpect(r: Reader, v: unknown): Expectations {
  const keys = ['falseDeathsMax', 'allDownDetected', 'detectionP99MaxMs', 'detectionMaxMs', 'ringUnreachable', 'deaths', 'invariantViolationsMax', 'allUpAtEnd', 'cmaMsgsPerSecPer1000Max', 'graphPrecisionMin', 'graphRecallMin'];
  const o = r.obj(v, 'scenario.expect', keys);
  const p = 'scenario.expect';
  const out: Record<string, unknown> = {};
  for (const k of ['falseDeathsMax', 'detectionP99MaxMs', 'detectionMaxMs', 'invariantViolationsMax', 'cmaMsgsPerSecPer1000Max']) {
    const n = r.optNum(o, k, p, 0, Number.MAX_SAFE_INTEGER);
    if (n !== undefined) out[k] = n;
  }
  for (const k of ['graphPrecisionMin', 'graphRecallMin']) {
    const n = r.optNum(o, k, p, 0, 1);
    if (n !== undefined) out[k] = n;
  }
  for (const k of ['allDownDetected', 'allUpAtEnd']) if (o[k] !== undefined) out[k] = r.bool(o, k, p, false);
  for (const k of ['ringUnreachable', 'deaths']) {
    if (o[k] === undefined) continue;
    const m = r.obj(o[k], `${p}.${k}`, ['min', 'max']);
    const min = r.num(m, 'min', `${p}.${k}`, 0, 0, Number.MAX_SAFE_INTEGER, true);
    out[k] = { min, max: r.num(m, 'max', `${p}.${k}`, Number.MAX_SAFE_INTEGER, min, Number.MAX_SAFE_INTEGER, true) };
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

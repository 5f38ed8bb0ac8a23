// A real fleet whose CMA stores to a real Neo4j: the Fleet's namespaces (fleet.ts), an embedded Neo4j in the test's
// own namespace reachable from the CMA's through the LAN bridge (attachRoot), a password file, and the built
// `cma query … --json` CLI against that Neo4j. useNeo4jFleet registers the ava hooks that make and remove it all.
import type { TestFn } from 'ava';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet } from './fleet.ts';
import { startTestNeo4j, type TestNeo4j } from './neo4j-server.ts';
import { canUseNamespaces } from './netns.ts';

export interface Neo4jFleetInit {
  /** Namespace tag of the fleet (≤ 4 chars). */
  readonly tag: string;
  readonly nanoprobes: number;
  /** The hosts' third address byte (198.18.<subnet>.i); Neo4j listens on 198.18.<subnet>.250 in the test's namespace. */
  readonly subnet?: number;
}

export class Neo4jFleet {
  readonly fleet: Fleet;
  readonly db: TestNeo4j;
  /** Scratch directory of the test (removed by stop()); holds the password file. */
  readonly dir: string;
  readonly passwordFile: string;

  private constructor(fleet: Fleet, db: TestNeo4j, dir: string) {
    this.fleet = fleet;
    this.db = db;
    this.dir = dir;
    this.passwordFile = join(dir, 'neo4j.pw');
    writeFileSync(this.passwordFile, `${db.password}\n`, { mode: 0o600 });
  }

  /** Creates the namespaces and starts Neo4j; on failure whatever was made is removed again. */
  static async start(init: Neo4jFleetInit): Promise<Neo4jFleet> {
    if (!canUseNamespaces()) throw new Error('these tests need root and iproute2 (network namespaces); .ci/run runs as root');
    const subnet = init.subnet ?? 0;
    const fleet = new Fleet(init.tag, init.nanoprobes, subnet);
    const dir = mkdtempSync(join(tmpdir(), `rw-neo4j-fleet-${init.tag}-`));
    try {
      fleet.lan.attachRoot(`198.18.${subnet}.250`, [fleet.cmaHost.ip]);
      return new Neo4jFleet(fleet, await startTestNeo4j({ host: `198.18.${subnet}.250` }), dir);
    } catch (err) {
      fleet.destroy();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** `cma run` options selecting this Neo4j (password from the file). */
  storeArgs(): string[] {
    return ['--store', 'neo4j', '--neo4j-uri', this.db.uri, '--neo4j-password-file', this.passwordFile];
  }

  /** Starts the CMA on this Neo4j with extra `cma run` options (e.g. a --discovery plan). */
  startCma(extra: readonly string[] = []): ChildProcess {
    return this.fleet.startCma([...this.storeArgs(), ...extra]);
  }

  /** `node dist/cma/cli.js query …args --json` against this Neo4j: the rows, or an error with the CLI's stderr. */
  query(args: readonly string[]): Record<string, unknown>[] {
    const env: NodeJS.ProcessEnv = { ...process.env, RINGWATCH_NEO4J_URI: this.db.uri, RINGWATCH_NEO4J_PASSWORD: this.db.password };
    for (const k of ['RINGWATCH_NEO4J_USER', 'RINGWATCH_QUERIES_DIR']) Reflect.deleteProperty(env, k);
    const r = spawnSync(process.execPath, ['dist/cma/cli.js', 'query', ...args, '--json'], { encoding: 'utf8', timeout: 30_000, env, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`cma query ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>[];
  }

  async stop(): Promise<void> {
    this.fleet.destroy();
    try {
      await this.db.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * One Neo4jFleet for a whole test file: before() starts it, after.always() removes it (also when a test failed);
 * the returned function gives it to the tests.
 */
export function useNeo4jFleet(test: TestFn, init: Neo4jFleetInit): () => Neo4jFleet {
  let world: Neo4jFleet | undefined;
  // serial: a test file's own before() hooks registered after this one run after it (ava runs plain ones at once)
  test.serial.before(async (t) => {
    t.timeout(300_000); // the first run may build the Neo4j launcher with Maven
    world = await Neo4jFleet.start(init);
  });
  test.after.always(async () => {
    await world?.stop();
  });
  return () => {
    if (world === undefined) throw new Error('the Neo4j fleet is not started (before() failed)');
    return world;
  };
}

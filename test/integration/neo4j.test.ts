// Embedded Neo4j 5.26 (deploy/neo4j, started through scripts/neo4j-launch.mjs): real Bolt, real Cypher, real
// restarts on one data dir. Needs Java 17 and Maven; the first run builds the launcher (Maven Central only).
import test from 'ava';
import neo4j from 'neo4j-driver';
import type { AuthToken, Driver, Neo4jError } from 'neo4j-driver';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Launch from '../../scripts/neo4j-launch.mjs';

// The .mjs is not compiled into dist/: load it from the repository (dist/test/integration → ../../../scripts).
const launch = (await import(new URL('../../../scripts/neo4j-launch.mjs', import.meta.url).href)) as typeof Launch;

const PASSWORD = 'probe-pass-1';
const dataDir = mkdtempSync(join(tmpdir(), 'ringwatch-neo4j-'));
test.after.always(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function withDriver<T>(uri: string, auth: AuthToken | undefined, use: (driver: Driver) => Promise<T>): Promise<T> {
  const driver = neo4j.driver(uri, auth);
  try {
    return await use(driver);
  } finally {
    await driver.close();
  }
}

/** Starts Neo4j on `dataDir`, runs `use`, always stops it; resolves with use's result and how the stop went. */
async function session<T>(password: string | undefined, use: (n: Launch.Neo4jHandle) => Promise<T>) {
  const n = await launch.startNeo4j({ dataDir, ...(password === undefined ? {} : { password }) });
  const outcome = await use(n).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const stopStartedMs = Date.now();
  const exitCode = await n.stop();
  const stopMs = Date.now() - stopStartedMs;
  if (!outcome.ok) throw outcome.error;
  return { result: outcome.value, exitCode, stopMs };
}

async function probeCount(uri: string, auth: AuthToken | undefined): Promise<number[]> {
  return withDriver(uri, auth, async (d) => {
    const r = await d.executeQuery('MATCH (n:Probe) RETURN n.x AS x');
    return r.records.map((rec) => neo4j.integer.toNumber(rec.get('x') as number));
  });
}

test.serial('embedded Neo4j with a password answers Cypher over Bolt, refuses a wrong password and stops with exit 0 within 30 s', async (t) => {
  t.timeout(300_000); // the first run builds the launcher with Maven
  const { result, exitCode, stopMs } = await session(PASSWORD, async (n) => {
    t.regex(n.boltUri, /^bolt:\/\/127\.0\.0\.1:\d+$/);
    t.true(n.port > 0);
    const created = await withDriver(n.boltUri, neo4j.auth.basic('neo4j', PASSWORD), async (d) => {
      const r = await d.executeQuery('CREATE (n:Probe {x: 1}) RETURN n.x AS x');
      return r.records.map((rec) => neo4j.integer.toNumber(rec.get('x') as number));
    });
    const refused = await t.throwsAsync(
      withDriver(n.boltUri, neo4j.auth.basic('neo4j', 'wrong-password'), (d) => d.executeQuery('RETURN 1')),
    );
    return { created, refusedCode: (refused as Neo4jError | undefined)?.code };
  });
  t.deepEqual(result.created, [1]);
  t.is(result.refusedCode, 'Neo.ClientError.Security.Unauthorized');
  t.is(exitCode, 0);
  t.true(stopMs < 30_000, `stop took ${stopMs} ms`);
});

test.serial('a restart on the same data dir keeps the node and the password', async (t) => {
  t.timeout(180_000);
  const { result, exitCode } = await session(PASSWORD, (n) => probeCount(n.boltUri, neo4j.auth.basic('neo4j', PASSWORD)));
  t.deepEqual(result, [1]);
  t.is(exitCode, 0);
});

test.serial('without a password auth is off and Cypher needs no credentials', async (t) => {
  t.timeout(180_000);
  const { result, exitCode } = await session(undefined, (n) => probeCount(n.boltUri, undefined));
  t.deepEqual(result, [1]);
  t.is(exitCode, 0);
});

test.serial('a taken Bolt port: the launcher exits 1 with one clear line on stderr and nothing on stdout', async (t) => {
  t.timeout(180_000);
  await launch.buildLauncher();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    const child = launch.spawnLauncher(['--data', join(dataDir, 'unused'), '--bolt-port', String(port), '--no-auth']);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    t.is(code, 1);
    t.is(stdout, '');
    t.is(stderr, `neo4j: error: bolt port 127.0.0.1:${port} is already in use\n`);
  } finally {
    blocker.close();
  }
});

test.serial('a bad password is refused before Neo4j starts, with the launcher error as the rejection', async (t) => {
  t.timeout(180_000);
  await t.throwsAsync(launch.startNeo4j({ dataDir: join(dataDir, 'unused'), password: 'short' }), {
    message: 'neo4j: error: the password must have at least 8 characters',
  });
});

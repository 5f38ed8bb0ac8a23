// The shared Neo4j connection flags: defaults, env, and where the password comes from (file > env > none).
import test from 'ava';
import { Command } from 'commander';
import { addNeo4jOptions, resolveNeo4jConnection, type Neo4jFlags } from '../../../cma/commands/neo4j-options.ts';
import { CliError } from '../../../runtime/index.ts';

function parse(args: string[], env: Record<string, string> = {}): Neo4jFlags {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('RINGWATCH_NEO4J_')) Reflect.deleteProperty(process.env, k);
  Object.assign(process.env, env);
  try {
    const command = addNeo4jOptions(new Command('x').exitOverride());
    command.parse(args, { from: 'user' });
    return command.opts<Neo4jFlags>();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k);
    Object.assign(process.env, saved);
  }
}

const noFile = () => Promise.reject(new Error('no file expected'));

test('defaults: bolt://127.0.0.1:7687, user neo4j, no password', async (t) => {
  t.deepEqual(await resolveNeo4jConnection(parse([]), {}, noFile), { uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: undefined });
});

test('flags and env set the URI and user; the password comes from the environment', async (t) => {
  const flags = parse(['--neo4j-uri', 'neo4j+s://db.example:7687', '--neo4j-user', 'ops']);
  t.deepEqual(await resolveNeo4jConnection(flags, { RINGWATCH_NEO4J_PASSWORD: 's3cret-pw' }, noFile), { uri: 'neo4j+s://db.example:7687', user: 'ops', password: 's3cret-pw' });
  const fromEnv = parse([], { RINGWATCH_NEO4J_URI: 'bolt://198.18.0.9:7687', RINGWATCH_NEO4J_USER: 'reader' });
  t.deepEqual(await resolveNeo4jConnection(fromEnv, { RINGWATCH_NEO4J_PASSWORD: '' }, noFile), { uri: 'bolt://198.18.0.9:7687', user: 'reader', password: undefined });
});

test('a password file wins over the environment; only its first line counts', async (t) => {
  const flags = parse(['--neo4j-password-file', '/run/secrets/neo4j']);
  const read = (path: string) => Promise.resolve(path === '/run/secrets/neo4j' ? 'from-file-pw\r\nsecond line\n' : '');
  t.is((await resolveNeo4jConnection(flags, { RINGWATCH_NEO4J_PASSWORD: 'from-env-pw' }, read)).password, 'from-file-pw');
});

test('usage errors (exit 2): a non-Neo4j URI, an unreadable or empty password file', async (t) => {
  const bad = async (flags: Neo4jFlags, read: (path: string) => Promise<string> = noFile) => {
    const err = await t.throwsAsync(resolveNeo4jConnection(flags, {}, read), { instanceOf: CliError });
    t.is(err.exitCode, 2);
    return err.message;
  };
  t.is(await bad(parse(['--neo4j-uri', 'http://127.0.0.1:7474'])), "--neo4j-uri 'http://127.0.0.1:7474' is not a Neo4j URI (bolt://host:port, neo4j://host:port, or their +s / +ssc forms)");
  t.is(await bad(parse(['--neo4j-uri', 'bolt://'])), "--neo4j-uri 'bolt://' is not a Neo4j URI (bolt://host:port, neo4j://host:port, or their +s / +ssc forms)");
  t.is(await bad(parse(['--neo4j-password-file', 'pw']), () => Promise.reject(new Error('EACCES'))), 'cannot read --neo4j-password-file pw: EACCES');
  t.is(await bad(parse(['--neo4j-password-file', 'pw']), () => Promise.resolve('\nsecret')), '--neo4j-password-file pw: the first line is empty');
  t.is(await bad(parse(['--neo4j-user', ''])), '--neo4j-user is empty');
});

/**
 * The Neo4j connection flags shared by every `cma` command that talks to Neo4j (`cma query`, `cma run` with the
 * Neo4j store), and the password resolution:
 *
 * | flag | env | default |
 * |---|---|---|
 * | `--neo4j-uri <uri>` | `RINGWATCH_NEO4J_URI` | `bolt://127.0.0.1:7687` |
 * | `--neo4j-user <name>` | `RINGWATCH_NEO4J_USER` | `neo4j` |
 * | `--neo4j-password-file <file>` | — | none |
 *
 * The password is the first line of `--neo4j-password-file` (`-` reads stdin), else `RINGWATCH_NEO4J_PASSWORD`,
 * else none (Neo4j with auth off). It is never a flag value, so it never shows in `ps`.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CliError } from '../../runtime/index.ts';
import type { Neo4jConnection } from '../store/index.ts';

/** Defaults of the connection flags. */
export const DEFAULT_NEO4J_URI = 'bolt://127.0.0.1:7687';
export const DEFAULT_NEO4J_USER = 'neo4j';
/** The environment variable holding the password when no password file is given. */
export const NEO4J_PASSWORD_ENV = 'RINGWATCH_NEO4J_PASSWORD';

/** What commander hands the action for the flags {@link addNeo4jOptions} adds. */
export interface Neo4jFlags {
  readonly neo4jUri: string;
  readonly neo4jUser: string;
  readonly neo4jPasswordFile?: string;
}

const URI = /^(?:bolt|neo4j)(?:\+s|\+ssc)?:\/\/[^\s/]+\/?$/;

/** Adds `--neo4j-uri`, `--neo4j-user` and `--neo4j-password-file` to `command`. */
export function addNeo4jOptions(command: Command): Command {
  return command
    .addOption(new Option('--neo4j-uri <uri>', 'Neo4j Bolt URI (bolt://, neo4j://, +s, +ssc)').env('RINGWATCH_NEO4J_URI').default(DEFAULT_NEO4J_URI))
    .addOption(new Option('--neo4j-user <name>', 'Neo4j user').env('RINGWATCH_NEO4J_USER').default(DEFAULT_NEO4J_USER))
    .addOption(new Option('--neo4j-password-file <file>', `file whose first line is the Neo4j password ('-' = stdin); else $${NEO4J_PASSWORD_ENV}; else no auth`));
}

/** Reads a password file: its first line without the line ending. Injected so the resolution is testable. */
export type PasswordFileReader = (path: string) => Promise<string>;

const readPasswordFile: PasswordFileReader = (path) => (path === '-' ? Promise.resolve().then(() => readFileSync(0, 'utf8')) : readFile(path, 'utf8'));

/**
 * Turns the flags and the environment into a connection. A malformed URI, an unreadable or empty password file are
 * usage errors (`CLI_USAGE`, exit 2).
 */
export async function resolveNeo4jConnection(flags: Neo4jFlags, env: Readonly<Record<string, string | undefined>> = process.env, read: PasswordFileReader = readPasswordFile): Promise<Neo4jConnection> {
  if (!URI.test(flags.neo4jUri)) throw new CliError('CLI_USAGE', `--neo4j-uri '${flags.neo4jUri}' is not a Neo4j URI (bolt://host:port, neo4j://host:port, or their +s / +ssc forms)`);
  if (flags.neo4jUser === '') throw new CliError('CLI_USAGE', '--neo4j-user is empty');
  let password: string | undefined;
  if (flags.neo4jPasswordFile !== undefined) {
    const file = flags.neo4jPasswordFile;
    const text = await read(file).catch((err: unknown) => {
      throw new CliError('CLI_USAGE', `cannot read --neo4j-password-file ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    password = text.split(/\r?\n/)[0] ?? '';
    if (password === '') throw new CliError('CLI_USAGE', `--neo4j-password-file ${file}: the first line is empty`);
  } else {
    const fromEnv = env[NEO4J_PASSWORD_ENV];
    password = fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  }
  return { uri: flags.neo4jUri, user: flags.neo4jUser, password };
}

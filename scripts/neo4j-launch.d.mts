// Types of scripts/neo4j-launch.mjs (plain Node so that `npm run neo4j` needs no build).
import type { ChildProcess } from 'node:child_process';

/** The repository root (parent of scripts/). */
export declare const REPO_ROOT: string;
/** The Maven project of the launcher, deploy/neo4j. */
export declare const NEO4J_PROJECT_DIR: string;
/** The Neo4j version pinned in deploy/neo4j/pom.xml. */
export declare const NEO4J_VERSION: string;
/** JVM options used when NEO4J_JAVA_OPTS is not set (`-Xmx512m`). */
export declare const DEFAULT_JAVA_OPTS: readonly string[];

/** True when deploy/neo4j/target is missing or older than pom.xml or the Java source. */
export declare function launcherNeedsBuild(): boolean;
/** Runs `mvn -q -B package` in deploy/neo4j when needed (one build at a time across processes). */
export declare function buildLauncher(init?: { log?: (line: string) => void }): Promise<void>;
/** The java executable and its arguments up to and including the launcher's main class. */
export declare function javaCommand(env?: NodeJS.ProcessEnv): { java: string; args: string[] };
/** Spawns the launcher with its flags; a password goes to its stdin (`--password-file -`). */
export declare function spawnLauncher(args: readonly string[], init?: { password?: string; stdio?: 'pipe' | 'inherit' }): ChildProcess;

/** Options of {@link startNeo4j}. */
export interface StartNeo4jInit {
  /** Neo4j's home: data/ and logs/ go below it (created when missing). */
  dataDir: string;
  /** Bolt port; 0 (the default) lets Neo4j take a free port. */
  port?: number;
  /** Bolt listen address, 127.0.0.1 by default. */
  host?: string;
  /** The password of user `neo4j` (at least 8 characters); none means auth off. */
  password?: string;
  /** Neo4j's page cache (the launcher's `--pagecache`, e.g. `2g`); 128m by default. The heap is NEO4J_JAVA_OPTS. */
  pageCache?: string;
  /** How long to wait for the readiness line, 120 000 ms by default. */
  readyTimeoutMs?: number;
  /** Build progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Every stderr line of the launcher (Neo4j's log); the last 40 are kept anyway. */
  onStderrLine?: (line: string) => void;
}

/** A running embedded Neo4j. */
export interface Neo4jHandle {
  /** e.g. `bolt://127.0.0.1:7687`. */
  boltUri: string;
  host: string;
  port: number;
  pid: number;
  /** Resolves with the exit code (or the signal name) when the launcher exits. */
  exited: Promise<number | string | null>;
  /** The last stderr lines (at most 40). */
  stderrTail(): string[];
  /** SIGTERM, then SIGKILL after `timeoutMs` (30 000 by default); resolves with the exit code (0 on a clean stop). */
  stop(timeoutMs?: number): Promise<number | string | null>;
}

/** Builds if needed, starts the launcher and resolves once Bolt accepts connections. */
export declare function startNeo4j(init: StartNeo4jInit): Promise<Neo4jHandle>;

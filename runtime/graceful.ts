/**
 * Graceful shutdown for daemons (STYLE practice 18): the first SIGTERM/SIGINT runs `cleanup` (stop sockets, flush,
 * close the store) and exits 0; a second signal while cleanup runs exits 1 at once.
 */
export function onGracefulShutdown(cleanup: (signal: string) => Promise<void>, log: (line: string) => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    cleanup(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

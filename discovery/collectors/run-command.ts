import { execFile } from 'node:child_process';

/** The outcome of a command a collector ran: its stdout, or why there is none. */
export type CommandOutput = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly reason: string };

/** Largest stdout kept from a collector's command (dpkg-query on a big host is ~1 MB). */
export const MAX_COMMAND_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs `file args` without a shell, killed (SIGKILL) after `timeoutMs` or when `signal` aborts. Never rejects:
 * a missing binary, a non-zero exit, a kill or more than `maxOutputBytes` of stdout is `{ ok: false, reason }`.
 */
export function runCommand(file: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal, maxOutputBytes = MAX_COMMAND_OUTPUT_BYTES): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxOutputBytes, encoding: 'utf8', ...(signal === undefined ? {} : { signal }) },
      (err, stdout) => {
        if (err === null) resolve({ ok: true, stdout });
        else resolve({ ok: false, reason: `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed' : err.message.split('\n')[0] ?? 'failed'}` });
      },
    );
  });
}

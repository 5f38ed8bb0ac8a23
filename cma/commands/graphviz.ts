import { spawn } from 'node:child_process';
import { CliError } from '../../runtime/index.ts';

/** How long `dot` may take to lay out a result graph, ms. */
export const DOT_TIMEOUT_MS = 60_000;

/**
 * Renders DOT text to SVG with Graphviz's `dot -Tsvg` (Debian package graphviz), found on PATH. A missing `dot`,
 * a failure or a timeout is one `CLI_FAILED` error (exit 1) naming the cause.
 */
export async function renderSvg(dotText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('dot', ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Not spawn's own `timeout`: its timer outlives a spawn that failed (ENOENT) and would hold the CLI open.
    const timer = setTimeout(() => child.kill('SIGKILL'), DOT_TIMEOUT_MS);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new CliError('CLI_FAILED', e.code === 'ENOENT' ? '--graph svg needs Graphviz: no `dot` on PATH (Debian: apt-get install graphviz; or use --graph dot)' : `cannot run Graphviz dot: ${e.message}`, { cause: e }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else {
        const reason = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
        reject(new CliError('CLI_FAILED', `Graphviz dot failed (${signal ?? `exit ${code ?? '?'}`})${reason === '' ? '' : `: ${reason}`}`));
      }
    });
    child.stdin.on('error', () => {
      // EPIPE when dot exits early; its exit status reports the failure
    });
    child.stdin.end(dotText);
  });
}

/**
 * How the nanoprobe starts its tcpdump children: through util-linux `setpriv --pdeathsig KILL` when it is
 * installed, so a nanoprobe that dies without cleaning up (kill -9, OOM killer) takes its captures with it instead
 * of leaving them running with PPID 1. The kernel clears the parent-death signal when a process changes its user
 * id, and Debian's tcpdump started as root switches to the `tcpdump` user after opening the interface: so as root
 * the capture runs with `-Z root` (it only writes raw pcap to our pipe, it dissects nothing). Without setpriv,
 * tcpdump is started directly (and a killed nanoprobe can leave it behind: docs/packaging.md).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { CaptureProcess, SpawnCapture } from './lldp-capture.ts';

/** Where util-linux installs setpriv on Debian (and most distributions). */
const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv'];

/** The setpriv binary, or undefined when util-linux's setpriv is not installed here. */
export function findSetpriv(paths: readonly string[] = SETPRIV_PATHS): string | undefined {
  for (const p of paths) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** The command line that starts `file args` as a capture child: [program, ...arguments]. */
export function captureCommand(file: string, args: readonly string[], setpriv: string | undefined, root: boolean): string[] {
  if (setpriv === undefined) return [file, ...args];
  return [setpriv, '--pdeathsig', 'KILL', '--', file, ...(root ? ['-Z', 'root'] : []), ...args];
}

/** The production {@link SpawnCapture}: tcpdump tied to our life when setpriv is available. */
export function spawnCaptureProcess(setpriv: string | undefined = findSetpriv()): SpawnCapture {
  const root = process.geteuid?.() === 0;
  return (file, args): CaptureProcess => {
    const [program = file, ...rest] = captureCommand(file, args, setpriv, root);
    return spawn(program, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
}

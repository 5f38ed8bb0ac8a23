// Builds the Debian package of the nanoprobe with dpkg-deb (docs/packaging.md): the single-file bundle, the
// /usr/bin/nanoprobe wrapper (node with the measured options), the systemd unit, /etc/default/ringwatch-nanoprobe
// (a conffile), the pm2 ecosystem file and the maintainer scripts of deploy/nanoprobe/.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, bundleNanoprobe, nanoprobeNodeArgs, projectVersion } from './nanoprobe-bundle.ts';

export const PACKAGE_NAME = 'ringwatch-nanoprobe';
const DEPLOY = join(REPO_ROOT, 'deploy/nanoprobe');
/** Where `npm run package` puts the .deb (ignored by git). */
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist-pkg');
/** The node the bundle needs (package.json engines). */
export const NODE_DEPENDENCY = 'nodejs (>= 20.19)';

/** Files of the package: path inside the package → [source or content, mode]. */
interface Entry {
  readonly path: string;
  readonly mode: number;
  readonly from?: string;
  readonly text?: string;
}

function wrapper(): string {
  return readFileSync(join(DEPLOY, 'nanoprobe.in'), 'utf8').replace('@NODE_ARGS@', nanoprobeNodeArgs().join(' '));
}

function control(version: string, installedKb: number): string {
  return [
    `Package: ${PACKAGE_NAME}`,
    `Version: ${version}`,
    'Architecture: all',
    'Section: net',
    'Priority: optional',
    'Maintainer: ringwatch developers <ringwatch@localhost>',
    `Installed-Size: ${installedKb}`,
    `Depends: ${NODE_DEPENDENCY}`,
    // tcpdump: LLDP/CDP capture; util-linux's setpriv (always installed on Debian) ties tcpdump to the nanoprobe.
    'Recommends: tcpdump',
    'Description: ringwatch host agent (nanoprobe)',
    ' The nanoprobe heartbeats with its ring neighbours over UDP, reports exceptions',
    ' (a dead neighbour, a discovery change) to the ringwatch CMA and runs passive',
    ' discovery: sockets and processes from /proc, ARP, inventory, LLDP/CDP capture.',
    ' One JavaScript file run by node (--lite-mode), a systemd unit and a pm2',
    ' ecosystem file.',
    '',
  ].join('\n');
}

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ringwatch
Files: *
License: GPL-3.0-or-later
 On Debian systems the full text is in /usr/share/common-licenses/GPL-3.
 The bundle includes commander (MIT), pino and its dependencies (MIT) and msgpackr (MIT).
`;

function du(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    bytes += s.isDirectory() ? du(p) : s.size;
  }
  return bytes;
}

export interface DebResult {
  readonly file: string;
  readonly version: string;
  readonly bundleBytes: number;
}

/** Bundles the nanoprobe and builds `<outDir>/ringwatch-nanoprobe_<version>_all.deb`. Needs dpkg-deb. */
export async function buildNanoprobeDeb(outDir: string = DEFAULT_OUT_DIR): Promise<DebResult> {
  const version = projectVersion();
  const root = mkdtempSync(join(tmpdir(), 'rw-deb-'));
  try {
    const lib = `usr/lib/${PACKAGE_NAME}`;
    const bundle = await bundleNanoprobe(join(root, lib, 'nanoprobe.mjs'));
    const entries: Entry[] = [
      { path: 'usr/bin/nanoprobe', mode: 0o755, text: wrapper() },
      { path: `${lib}/ecosystem.config.cjs`, mode: 0o644, from: join(DEPLOY, 'ecosystem.config.cjs') },
      { path: `usr/lib/systemd/system/${PACKAGE_NAME}.service`, mode: 0o644, from: join(DEPLOY, `${PACKAGE_NAME}.service`) },
      { path: `etc/default/${PACKAGE_NAME}`, mode: 0o644, from: join(DEPLOY, `${PACKAGE_NAME}.default`) },
      { path: `usr/share/doc/${PACKAGE_NAME}/packaging.md`, mode: 0o644, from: join(REPO_ROOT, 'docs/packaging.md') },
      { path: `usr/share/doc/${PACKAGE_NAME}/copyright`, mode: 0o644, text: COPYRIGHT },
      { path: 'DEBIAN/conffiles', mode: 0o644, text: `/etc/default/${PACKAGE_NAME}\n` },
      ...['postinst', 'prerm', 'postrm'].map((s) => ({ path: `DEBIAN/${s}`, mode: 0o755, from: join(DEPLOY, 'debian', s) })),
    ];
    for (const e of entries) {
      const dest = join(root, e.path);
      mkdirSync(dirname(dest), { recursive: true });
      if (e.from !== undefined) copyFileSync(e.from, dest);
      else writeFileSync(dest, e.text ?? '');
      chmodSync(dest, e.mode);
    }
    chmodSync(bundle.file, 0o644);
    const installedKb = Math.ceil((du(root) - du(join(root, 'DEBIAN'))) / 1024);
    writeFileSync(join(root, 'DEBIAN/control'), control(version, installedKb), { mode: 0o644 });
    // Directories 0755 whatever the umask.
    const dirs = (d: string): void => {
      chmodSync(d, 0o755);
      for (const n of readdirSync(d)) if (statSync(join(d, n)).isDirectory()) dirs(join(d, n));
    };
    dirs(root);
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `${PACKAGE_NAME}_${version}_all.deb`);
    const r = spawnSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', root, file], { encoding: 'utf8' });
    if (r.error !== undefined) throw new Error(`dpkg-deb: ${r.error.message} (install dpkg)`);
    if (r.status !== 0) throw new Error(`dpkg-deb --build failed: ${r.stderr.trim()}`);
    return { file, version, bundleBytes: bundle.bytes };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

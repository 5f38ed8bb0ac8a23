// `npm run package`: the nanoprobe's Debian package in dist-pkg/ (docs/packaging.md).
import { buildNanoprobeDeb } from './nanoprobe-deb.ts';

try {
  const r = await buildNanoprobeDeb(process.argv[2]);
  console.log(`${r.file} (ringwatch-nanoprobe ${r.version}, bundle ${(r.bundleBytes / 1024).toFixed(0)} KiB)`);
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

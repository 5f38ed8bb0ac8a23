#!/usr/bin/env node
// The package registry reachable here does not serve every platform's prebuilt binary (e.g. msgpackr-extract's
// darwin and win32 packages 404), so `npm install` writes a lock file without them and `npm ci` then refuses it
// as "out of sync". This adds the missing optional platform packages to package-lock.json as optional entries
// with their os/cpu (npm ci skips them on other platforms without fetching). Run after `npm install`:
//   node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM = /-(darwin|linux|win32|freebsd|android)-(x64|arm64|arm|ia32)(-|$)/;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] !== undefined) continue;
    const m = PLATFORM.exec(name);
    if (m === null) continue;
    packages[key] = { version, cpu: [m[2]], license: entry.license ?? 'MIT', optional: true, os: [m[1]] };
    added++;
    console.error(`complete-lock: added ${key}@${version} (${m[1]}/${m[2]}) for ${path}`);
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.error(`complete-lock: ${added} entr${added === 1 ? 'y' : 'ies'} added`);

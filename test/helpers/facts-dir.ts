// A facts.d drop-in directory for tests: JSON files and executable scripts (sh), in a fresh temp dir.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `files` (name → content; `#!` content becomes an executable) into a new temp dir and returns it. */
export function factsDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-facts-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, content);
    if (content.startsWith('#!')) chmodSync(path, 0o755);
  }
  return dir;
}

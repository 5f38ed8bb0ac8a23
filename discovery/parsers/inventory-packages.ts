/**
 * Host inventory, installed packages: `dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n'`
 * (DPKG_QUERY_FORMAT). Pure; a line without four tab-separated fields is a warning. Only packages whose status
 * says installed (`ii`, `hi`: want install/hold, state installed) count as installed; the others are kept with
 * their status (removed-but-configured `rc` is common and useful to see).
 */
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** The -f format the parser expects (give it to dpkg-query as one argument; the shell must not expand `$`). */
export const DPKG_QUERY_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n';

/** One package. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  /** dpkg's abbreviated status: desired action, state, error flag (e.g. "ii ", "rc ", "iF "). */
  readonly status: string;
  /** Desired install or hold, and state installed. */
  readonly installed: boolean;
}

/** Bound on packages kept (a large desktop has ~5k; the rest is a warning). */
export const MAX_PACKAGES = 100_000;

/** Parses dpkg-query output in {@link DPKG_QUERY_FORMAT}. */
export function parseDpkgQuery(input: TextInput): ParseResult<InstalledPackage[]> {
  const sink = new WarningSink();
  const out: InstalledPackage[] = [];
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const f = line.split('\t');
      const [name = '', version = '', architecture = '', status = ''] = f;
      if (f.length !== 4 || name === '' || /\s/.test(name)) {
        sink.warn(i + 1, 'not "package<TAB>version<TAB>arch<TAB>status"', line);
        return;
      }
      if (out.length >= MAX_PACKAGES) {
        sink.warn(i + 1, `more than ${MAX_PACKAGES} packages: rest skipped`);
        return;
      }
      const s = status.trimEnd();
      out.push({ name, version, architecture, status: s, installed: /^[ih]i$/.test(s) });
    });
  return sink.result(out);
}

/** Parser for /etc/passwd, to name socket owners' uids (a host agent reads it; NSS users are not in it). */
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/**
 * Parses /etc/passwd into uid → user name. The first name wins when two share a uid (as `getpwuid` would return).
 * Comment and blank lines are skipped; NIS `+`/`-` lines and lines without 7 fields or a numeric uid are warnings.
 * The map is bounded by the file's line count.
 */
export function parsePasswd(input: TextInput): ParseResult<Map<number, string>> {
  const sink = new WarningSink();
  const users = new Map<number, string>();
  toText(input)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const f = line.split(':');
      const uidText = f[2] ?? '';
      const name = f[0] ?? '';
      if (f.length !== 7 || name === '' || name.startsWith('+') || name.startsWith('-') || !/^\d{1,10}$/.test(uidText)) {
        sink.warn(i + 1, 'passwd line is not name:x:uid:gid:gecos:home:shell', line);
        return;
      }
      const uid = Number(uidText);
      if (!users.has(uid)) users.set(uid, name);
    });
  return sink.result(users);
}

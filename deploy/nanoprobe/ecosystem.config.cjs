// pm2 ecosystem file of the ringwatch nanoprobe (docs/packaging.md):
//   pm2 start /usr/lib/ringwatch-nanoprobe/ecosystem.config.cjs && pm2 save
// Options come from /etc/default/ringwatch-nanoprobe (the systemd unit's EnvironmentFile), or the file named by
// $RINGWATCH_ENV_FILE; $RINGWATCH_NANOPROBE_BIN replaces /usr/bin/nanoprobe (an unpacked or relocated package).
'use strict';
const { readFileSync } = require('node:fs');

/** KEY=value lines (comments and blank lines skipped; surrounding quotes removed), as systemd reads them. */
function readEnvFile(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m === null) continue;
    env[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return env;
}

const env = readEnvFile(process.env.RINGWATCH_ENV_FILE || '/etc/default/ringwatch-nanoprobe');
const extra = (env.NANOPROBE_OPTS || '').split(/\s+/).filter(Boolean);

module.exports = {
  apps: [
    {
      name: 'ringwatch-nanoprobe',
      // The wrapper execs node with the nanoprobe's options: pm2 watches and signals node itself.
      script: process.env.RINGWATCH_NANOPROBE_BIN || '/usr/bin/nanoprobe',
      args: ['run', ...extra],
      interpreter: 'none',
      exec_mode: 'fork',
      instances: 1,
      autorestart: true,
      restart_delay: 5000,
      // `pm2 stop` sends SIGINT: the nanoprobe sends HBSHUTDOWN and exits; SIGKILL only if that takes longer.
      kill_timeout: 15000,
      env,
    },
  ],
};

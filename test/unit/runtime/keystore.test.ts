import test from 'ava';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KeyFileError, type KeyFileErrorCode } from '../../../runtime/errors.ts';
import { loadOrCreateKeyPair } from '../../../runtime/keystore.ts';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ringwatch-keystore-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function rejectsWith(t: { throwsAsync: (p: Promise<unknown>, e: object) => Promise<unknown> }, promise: Promise<unknown>, code: KeyFileErrorCode): Promise<KeyFileError> {
  return (await t.throwsAsync(promise, { instanceOf: KeyFileError, message: new RegExp(`^${code}:`) })) as KeyFileError;
}

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

test('creates the state dir 0700, the private key 0600 (PKCS#8 PEM) and the .pub 0644 (base64 line)', async (t) => {
  await withTempDir(async (root) => {
    const stateDir = join(root, 'state', 'nested');
    const pair = await loadOrCreateKeyPair(stateDir, 'host');
    t.true(pair.created);
    t.is(pair.publicKey.length, 32);
    t.is(pair.privateKey.length, 32);
    t.is(await modeOf(stateDir), 0o700);
    t.is(await modeOf(join(stateDir, 'host.key')), 0o600);
    t.is(await modeOf(join(stateDir, 'host.pub')), 0o644);
    const pem = await readFile(join(stateDir, 'host.key'), 'utf8');
    t.regex(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    const publicDer = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    t.deepEqual(new Uint8Array(publicDer.subarray(-32)), pair.publicKey);
    t.is(await readFile(join(stateDir, 'host.pub'), 'utf8'), `${Buffer.from(pair.publicKey).toString('base64')}\n`);
    t.deepEqual((await readdir(stateDir)).sort(), ['host.key', 'host.pub'], 'no temp files left behind');
  });
});

test('a second call loads the same key pair (created = false)', async (t) => {
  await withTempDir(async (dir) => {
    const first = await loadOrCreateKeyPair(dir, 'host');
    const second = await loadOrCreateKeyPair(dir, 'host');
    t.false(second.created);
    t.deepEqual(second.privateKey, first.privateKey);
    t.deepEqual(second.publicKey, first.publicKey);
    const other = await loadOrCreateKeyPair(dir, 'cma');
    t.true(other.created);
    t.notDeepEqual(other.publicKey, first.publicKey);
  });
});

test('a private key readable by group or others is KEY_BAD_MODE naming the file, the mode and the fix', async (t) => {
  await withTempDir(async (dir) => {
    await loadOrCreateKeyPair(dir, 'host');
    const keyPath = join(dir, 'host.key');
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      await chmod(keyPath, mode);
      const error = await rejectsWith(t, loadOrCreateKeyPair(dir, 'host'), 'KEY_BAD_MODE');
      t.true(error.message.includes(keyPath));
      t.true(error.message.includes(`0${mode.toString(8)}`));
      t.true(error.message.includes(`chmod 600 ${keyPath}`));
      t.is(error.details['path'], keyPath);
    }
    await chmod(keyPath, 0o400);
    t.false((await loadOrCreateKeyPair(dir, 'host')).created, '0400 is fine');
  });
});

test('garbage or a non-X25519 key in the private key file is KEY_CORRUPT', async (t) => {
  await withTempDir(async (dir) => {
    const keyPath = join(dir, 'host.key');
    await writeFile(keyPath, 'not a key at all\n', { mode: 0o600 });
    await rejectsWith(t, loadOrCreateKeyPair(dir, 'host'), 'KEY_CORRUPT');
    const { privateKey } = generateKeyPairSync('ed25519');
    await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const error = await rejectsWith(t, loadOrCreateKeyPair(dir, 'host'), 'KEY_CORRUPT');
    t.regex(error.message, /ed25519/);
  });
});

test('a .pub that does not match the private key is KEY_MISMATCH; a missing .pub is rewritten', async (t) => {
  await withTempDir(async (dir) => {
    const pair = await loadOrCreateKeyPair(dir, 'host');
    const pubPath = join(dir, 'host.pub');
    await writeFile(pubPath, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    const error = await rejectsWith(t, loadOrCreateKeyPair(dir, 'host'), 'KEY_MISMATCH');
    t.is(error.details['path'], pubPath);
    await rm(pubPath);
    t.false((await loadOrCreateKeyPair(dir, 'host')).created);
    t.is(await readFile(pubPath, 'utf8'), `${Buffer.from(pair.publicKey).toString('base64')}\n`);
  });
});

test('a state dir that is a file is KEY_IO with the cause; a bad name is KEY_BAD_NAME', async (t) => {
  await withTempDir(async (dir) => {
    const notADir = join(dir, 'file');
    await writeFile(notADir, 'x');
    const error = await rejectsWith(t, loadOrCreateKeyPair(notADir, 'host'), 'KEY_IO');
    t.truthy(error.cause);
    for (const name of ['', '../host', 'a/b', '.hidden']) await rejectsWith(t, loadOrCreateKeyPair(dir, name), 'KEY_BAD_NAME');
  });
});

/**
 * The host key pair on disk (DESIGN §3 "identity is a fingerprint", docs/protocol-datagram.md "Key files").
 * In the state dir (created 0700 if missing):
 * - `<name>.key`: the X25519 private key as PKCS#8 PEM, mode 0600, written atomically (temp file + rename);
 * - `<name>.pub`: the raw 32-byte public key as one base64 line, mode 0644, for operators and scripts.
 * On load the public key is derived from the private key; the `.pub` is informative, but one that disagrees is an
 * error (somebody swapped a file), and a missing one is written again.
 *
 * runtime/ may not import protocol/, so X25519 is done here with node:crypto directly.
 */

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { KeyFileError } from './errors.ts';

/** A host key pair as raw 32-byte X25519 keys, and whether this call generated it. */
export interface StoredKeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
  /** True when no key file existed and a new pair was generated and written. */
  readonly created: boolean;
}

const RAW_KEY_BYTES = 32;
const STATE_DIR_MODE = 0o700;
const PRIVATE_KEY_MODE = 0o600;
const PUBLIC_KEY_MODE = 0o644;
/** Group and other permission bits: none may be set on the private key file. */
const GROUP_OTHER_BITS = 0o077;
const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Loads `<stateDir>/<name>.key`, or generates a key pair and writes both files if it does not exist.
 * @throws {KeyFileError} KEY_BAD_MODE (group/other bits on the private key file), KEY_CORRUPT, KEY_MISMATCH,
 * KEY_IO (with `cause`), KEY_BAD_NAME.
 */
export async function loadOrCreateKeyPair(stateDir: string, name: string): Promise<StoredKeyPair> {
  if (!NAME_PATTERN.test(name)) {
    throw new KeyFileError('KEY_BAD_NAME', `key name ${JSON.stringify(name)} is not a plain file name`, { name });
  }
  await ensureStateDir(stateDir);
  const keyPath = join(stateDir, `${name}.key`);
  const pubPath = join(stateDir, `${name}.pub`);
  const pem = await readPrivateKeyFile(keyPath);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('x25519');
    const raw = rawPair(privateKey);
    await writeAtomically(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), PRIVATE_KEY_MODE);
    await writeAtomically(pubPath, pubLine(raw.publicKey), PUBLIC_KEY_MODE);
    return { ...raw, created: true };
  }
  const raw = rawPair(parsePrivateKey(pem, keyPath));
  const pub = await readOptional(pubPath);
  if (pub === undefined) {
    await writeAtomically(pubPath, pubLine(raw.publicKey), PUBLIC_KEY_MODE);
  } else if (pub.trim() !== Buffer.from(raw.publicKey).toString('base64')) {
    throw new KeyFileError('KEY_MISMATCH', `${pubPath} does not match the private key in ${keyPath}; remove the .pub to have it rewritten, or restore the right .key`, {
      path: pubPath,
      keyPath,
    });
  }
  return { ...raw, created: false };
}

async function ensureStateDir(stateDir: string): Promise<void> {
  try {
    const created = await mkdir(stateDir, { recursive: true, mode: STATE_DIR_MODE });
    if (created !== undefined) await chmod(stateDir, STATE_DIR_MODE);
  } catch (error) {
    throw ioError(`cannot create state dir ${stateDir}`, stateDir, error);
  }
}

/** The PEM text, or undefined if the file does not exist. Checks the mode on the open handle (no race). */
async function readPrivateKeyFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError(`cannot open ${path}`, path, error);
  }
  try {
    const mode = (await handle.stat()).mode & 0o777;
    if ((mode & GROUP_OTHER_BITS) !== 0) {
      const octal = mode.toString(8).padStart(4, '0');
      throw new KeyFileError('KEY_BAD_MODE', `private key file ${path} has mode ${octal}, readable or writable by group/others; fix with: chmod 600 ${path}`, {
        path,
        mode: octal,
      });
    }
    return await handle.readFile({ encoding: 'utf8' });
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw ioError(`cannot read ${path}`, path, error);
  } finally {
    await handle.close();
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      return await handle.readFile({ encoding: 'utf8' });
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError(`cannot read ${path}`, path, error);
  }
}

function parsePrivateKey(pem: string, path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new KeyFileError('KEY_CORRUPT', `${path} is not a PEM private key`, { path }, { cause: error });
  }
  if (key.asymmetricKeyType !== 'x25519') {
    throw new KeyFileError('KEY_CORRUPT', `${path} holds a ${key.asymmetricKeyType ?? 'unknown'} key, not X25519`, { path, keyType: key.asymmetricKeyType });
  }
  return key;
}

/** Temp file in the same dir (0600/0644 from the start), fsync, rename over the target, fsync the dir. */
async function writeAtomically(path: string, content: string | Uint8Array, mode: number): Promise<void> {
  const tmpPath = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(tmpPath, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmpPath, path);
  } catch (error) {
    await unlink(tmpPath).catch(() => undefined);
    throw ioError(`cannot write ${path}`, path, error);
  }
  await syncDir(dirname(path));
}

/** Makes the rename durable; best effort (some file systems refuse fsync on directories). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the directory entry is best effort; the key itself was synced.
  }
}

function rawPair(privateKey: KeyObject): { publicKey: Uint8Array; privateKey: Uint8Array } {
  return {
    privateKey: rawTail(privateKey.export({ type: 'pkcs8', format: 'der' })),
    publicKey: rawTail(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })),
  };
}

/** Both DER encodings of an X25519 key end with the raw 32 bytes (RFC 8410). */
function rawTail(der: Buffer): Uint8Array {
  return new Uint8Array(der.subarray(der.length - RAW_KEY_BYTES));
}

function pubLine(publicKey: Uint8Array): string {
  return `${Buffer.from(publicKey).toString('base64')}\n`;
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function ioError(message: string, path: string, cause: unknown): KeyFileError {
  const code = errnoCode(cause);
  return new KeyFileError('KEY_IO', `${message}${code === undefined ? '' : ` (${code})`}`, { path, errno: code }, { cause });
}

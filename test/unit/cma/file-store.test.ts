// FileGraphStore: the GraphStore contract, and what it is for — surviving a restart.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileGraphStore, StoreError } from '../../../cma/store/index.ts';
import { graphStoreContract } from './store-contract.ts';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-filestore-'));
  dirs.push(dir);
  return join(dir, 'store.json');
};
test.after.always(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

graphStoreContract('FileGraphStore', () => FileGraphStore.open(fresh()));

test('a reopened store has the hosts, ring members and events written before', async (t) => {
  const file = fresh();
  const a = await FileGraphStore.open(file);
  const host = {
    hostId: 'ab'.repeat(16), publicKey: Uint8Array.from({ length: 32 }, (_, i) => i), hostname: 'web1', addresses: [{ host: '198.18.0.7', port: 1984 }],
    machineId: '', version: '0.1.0', sessionId: 7, startedWallMs: 1, firstSeenWallMs: 2, lastSeenWallMs: 3, status: 'up' as const, statusSinceWallMs: 2,
    placement: 'subnet:198.18.0.0/24' as const, deadAtWallMs: null, deadReason: '', lateCount: 0,
  };
  await a.apply({
    hosts: [host],
    ringChanges: [{ kind: 'member-add', hostId: host.hostId, ringId: 'subnet:198.18.0.0/24', position: 4 }],
    events: [{ id: 'e1', wallMs: 5, type: 'host-join', hostId: host.hostId, ringId: null, detail: {} }],
    discovery: [],
  });
  await a.close();
  const b = await FileGraphStore.open(file);
  t.deepEqual(await b.loadHosts(), [host]);
  t.deepEqual(await b.loadRingMembers(), [{ hostId: host.hostId, ringId: 'subnet:198.18.0.0/24', position: 4 }]);
  t.deepEqual((await b.events(0)).map((e) => e.id), ['e1']);
});

test('a corrupt snapshot is a clear STORE_BAD_BATCH error naming the file', async (t) => {
  const file = fresh();
  writeFileSync(file, '{"version": 9}');
  const err = await t.throwsAsync(FileGraphStore.open(file), { instanceOf: StoreError });
  t.is(err.code, 'STORE_BAD_BATCH');
  t.regex(err.message, /store\.json/);
});

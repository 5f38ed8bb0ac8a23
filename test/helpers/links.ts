// Builders for Link pairs in tests: a "CMA" link and "nanoprobe" links with fresh keys.
import { DEFAULT_LINK_LIMITS, Link, generateKeyPair, type KeyPair, type LinkInit } from '../../protocol/index.ts';

/** 2026-01-01: a start time inside the nonce counter's range. */
export const START_WALL_MS = 1_767_225_600_000;

let nextSession = 1;

export function makeLink(role: 'cma' | 'nanoprobe', overrides: Partial<LinkInit> & { keyPair?: KeyPair } = {}): Link {
  return new Link({
    keyPair: overrides.keyPair ?? generateKeyPair(),
    startWallMs: START_WALL_MS,
    localSession: nextSession++,
    acceptPlainStartup: role === 'cma',
    acceptUnknownSenders: true,
    ...DEFAULT_LINK_LIMITS,
    ...(role === 'nanoprobe' ? { channel: { autoCommit: true } } : {}),
    ...overrides,
  });
}

/** The content hash of a discovery payload: protocol/content-hash.ts (shared with the CMA, which verifies diffs). */
export { canonical, canonicalData, canonicalJson, contentHash, writeCanonicalJson } from '../protocol/content-hash.ts';

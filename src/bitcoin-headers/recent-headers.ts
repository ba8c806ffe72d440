/**
 * The hashes of headers recently served by height but not kept in the table (too recent, or of
 * a block no proof of ours references), so that an Esplora client's second request —
 * `/block/<hash>` right after `/block-height/<h>` — finds them. Per database handle, that is per
 * platform in this process; bounded, oldest first out.
 */
const RECENT_ENTRIES = 1_000;
const RECENT_TTL_MS = 10 * 60_000;

const recentByPlatform = new WeakMap<object, Map<string, { height: number; until: number }>>();

function recentOf(owner: object): Map<string, { height: number; until: number }> {
  let recent = recentByPlatform.get(owner);
  if (recent === undefined) {
    recent = new Map();
    recentByPlatform.set(owner, recent);
  }
  return recent;
}

/** Remembers that `hash` was served as the block at `height`. */
export function rememberRecentHeader(
  owner: object,
  hash: string,
  height: number,
  nowMs: number,
): void {
  const recent = recentOf(owner);
  recent.delete(hash);
  if (recent.size >= RECENT_ENTRIES) {
    const oldest = recent.keys().next();
    if (oldest.done !== true) recent.delete(oldest.value);
  }
  recent.set(hash, { height, until: nowMs + RECENT_TTL_MS });
}

/** The height `hash` was recently served at, if it was within the last ten minutes. */
export function recentHeightOf(owner: object, hash: string, nowMs: number): number | undefined {
  const entry = recentOf(owner).get(hash);
  return entry !== undefined && entry.until > nowMs ? entry.height : undefined;
}

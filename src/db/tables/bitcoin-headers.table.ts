import type { Selectable } from 'kysely';

/**
 * Headers of the Bitcoin blocks the platform's proofs reference, kept once deep enough never to
 * change: what the platform's own header source (`/api/bitcoin/…`) answers from.
 */
export interface BitcoinBlockHeadersTable {
  height: number;
  /** Block hash in display order (as explorers print it), lower-case hex. */
  hash: string;
  /** Merkle root in display order, lower-case hex (Esplora's `merkle_root`). */
  merkleRoot: string;
  /** The header's `nTime`, as an ISO-8601 instant. */
  blockTime: string;
  storedAt: string;
}

export type BitcoinBlockHeaderRow = Selectable<BitcoinBlockHeadersTable>;

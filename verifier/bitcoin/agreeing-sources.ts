import { equalBytes } from '../common/bytes.js';
import {
  BlockSourceError,
  type BlockHeader,
  type BlockHeaderSource,
} from './block-header-source.js';

/** A block header source with a name for people ("blockstream.info", "this platform"). */
export interface LabelledHeaderSource extends BlockHeaderSource {
  readonly label: string;
}

/**
 * One source made of several independent ones: it answers only when every one of them gives
 * the same header (hash, Merkle root, time). Silence of any, or disagreement, is a
 * {@link BlockSourceError} — so a timestamp checked against it is "unknown", never "verified",
 * unless all sources agree.
 */
export function agreeingHeaderSources(sources: readonly LabelledHeaderSource[]): BlockHeaderSource {
  return {
    async headerByHeight(height: number): Promise<BlockHeader> {
      const answers = await Promise.allSettled(
        sources.map((source) => source.headerByHeight(height)),
      );
      const headers: BlockHeader[] = [];
      for (const [index, answer] of answers.entries()) {
        if (answer.status === 'rejected')
          throw new BlockSourceError(
            'unreachable',
            `${sources[index]!.label} did not give block ${height}`,
            { cause: answer.reason },
          );
        headers.push(answer.value);
      }
      const [first] = headers;
      if (first === undefined)
        throw new BlockSourceError('unreachable', 'no block header source was given');
      const agree = headers.every(
        (header) =>
          header.hash === first.hash &&
          header.time === first.time &&
          equalBytes(header.merkleRoot, first.merkleRoot),
      );
      if (!agree)
        throw new BlockSourceError(
          'bad-response',
          `the block header sources disagree about block ${height}`,
        );
      return first;
    },
  };
}

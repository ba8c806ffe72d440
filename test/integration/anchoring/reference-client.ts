import { createRequire } from 'node:module';
import { vi } from 'vitest';
import {
  BitcoinBlockHeaderAttestation,
  PendingAttestation,
  type DetachedTimestampFile,
} from '../../../verifier/index.js';

/*
 * The npm `opentimestamps` package (the reference JavaScript implementation, a dev dependency)
 * for cross-checks in tests only: untyped CommonJS, described by the minimal shapes below.
 */
type Bytes = number[] | Uint8Array;
interface JsAttestation {
  height?: number;
  uri?: string;
  _TAG(): number[];
}
interface JsTimestamp {
  getDigest(): Bytes;
  allAttestations(): Map<Bytes, JsAttestation>;
}
interface JsDetached {
  timestamp: JsTimestamp;
  serializeToBytes(): Bytes;
}
interface JsOpenTimestamps {
  DetachedTimestampFile: { deserialize(bytes: Uint8Array): JsDetached };
  verifyTimestamp(
    timestamp: JsTimestamp,
    options: { ignoreBitcoinNode: boolean; url: string; timeout: number },
  ): Promise<Record<string, { timestamp: number; height: number }>>;
}

const require = createRequire(import.meta.url);
const OpenTimestamps = require('opentimestamps') as JsOpenTimestamps;

const hexOf = (bytes: Bytes): string => Buffer.from(bytes).toString('hex');

function describeJs(attestation: JsAttestation): string {
  switch (hexOf(attestation._TAG())) {
    case '0588960d73d71901':
      return `bitcoin ${attestation.height}`;
    case '83dfe30d2ef90c8e':
      return `pending ${attestation.uri}`;
    default:
      return `other ${hexOf(attestation._TAG())}`;
  }
}

/** What the reference makes of an .ots file: its digest, its bytes re-serialised, its commitments. */
export function readWithReference(bytes: Buffer): {
  digest: string;
  reserialized: Buffer;
  commitments: string[];
} {
  const file = OpenTimestamps.DetachedTimestampFile.deserialize(bytes);
  return {
    digest: hexOf(file.timestamp.getDigest()),
    reserialized: Buffer.from(file.serializeToBytes()),
    commitments: [...file.timestamp.allAttestations()]
      .map(([msg, attestation]) => `${hexOf(msg)} ${describeJs(attestation)}`)
      .sort(),
  };
}

/** The same commitments, per our library. */
export function ourCommitments(file: DetachedTimestampFile): string[] {
  return [...file.timestamp.allAttestations()]
    .map(({ msg, attestation }) => {
      const what =
        attestation instanceof BitcoinBlockHeaderAttestation
          ? `bitcoin ${attestation.height}`
          : attestation instanceof PendingAttestation
            ? `pending ${attestation.uri}`
            : `other ${Buffer.from(attestation.tag).toString('hex')}`;
      return `${Buffer.from(msg).toString('hex')} ${what}`;
    })
    .sort();
}

/** The reference verifier against an Esplora URL (no Bitcoin node), its console output muted. */
export async function verifyWithReference(
  bytes: Buffer,
  esploraUrl: string,
): Promise<Record<string, { timestamp: number; height: number }>> {
  const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const file = OpenTimestamps.DetachedTimestampFile.deserialize(bytes);
    return await OpenTimestamps.verifyTimestamp(file.timestamp, {
      ignoreBitcoinNode: true,
      url: esploraUrl,
      timeout: 5000,
    });
  } finally {
    quiet.mockRestore();
  }
}

import type { BlockHeaderSource } from '../bitcoin/block-header-source.js';
import { DetachedTimestampFile } from '../ots/detached-timestamp-file.js';
import { BadMagicError } from '../ots/errors.js';
import { verifyTimestamp } from '../ots/verify-timestamp.js';
import type { Check } from './check.js';
import { fetchPlatformBytes } from './platform-client.js';

/** Where the proof for the time check comes from. */
export type ProofSource =
  | { readonly kind: 'proof'; readonly proof: DetachedTimestampFile }
  | { readonly kind: 'unreadable'; readonly problem: string }
  | { readonly kind: 'none'; readonly reason: string };

function time(status: Check['status'], code: string, message: string): Check {
  return { id: 'time', status, code, message };
}

/**
 * The time check made on this machine, from a proof and block headers this machine chose — not
 * the platform's word. Unreachable headers leave it unknown, calendar promises pending, and a
 * proof that does not match the digest fails it.
 */
export async function checkTimeHere(
  digest: Uint8Array,
  source: ProofSource,
  headers: BlockHeaderSource,
  headersLabel: string,
): Promise<{ check: Check; bitcoin: { height: number; time: string } | null }> {
  if (source.kind === 'none')
    return { check: time('pending', 'no_proof', source.reason), bitcoin: null };
  if (source.kind === 'unreadable')
    return { check: time('failed', 'proof_unreadable', `${source.problem}.`), bitcoin: null };
  const result = await verifyTimestamp(source.proof, digest, headers);
  switch (result.status) {
    case 'verified': {
      const at = result.date.toISOString();
      return {
        check: time(
          'passed',
          'anchored_in_bitcoin',
          `Existed by ${at}: anchored in Bitcoin block ${result.height}, checked here against ${headersLabel}.`,
        ),
        bitcoin: { height: result.height, time: at },
      };
    }
    case 'pending':
      return {
        check: time('pending', 'anchor_pending', `Not anchored in Bitcoin yet: ${result.reason}.`),
        bitcoin: null,
      };
    case 'unknown':
      return {
        check: time(
          'unknown',
          'bitcoin_unavailable',
          `Could not check the proof against ${headersLabel}: ${result.reason}.`,
        ),
        bitcoin: null,
      };
    case 'failed':
      return {
        check: time('failed', 'proof_invalid', `The proof does not verify: ${result.reason}.`),
        bitcoin: null,
      };
  }
}

/** Reads proof bytes: a proof, or why these bytes are not one (one sentence, no final stop). */
export function readProof(bytes: Uint8Array, what: string): ProofSource {
  try {
    return { kind: 'proof', proof: DetachedTimestampFile.deserialize(bytes) };
  } catch (error) {
    return { kind: 'unreadable', problem: `${what} ${describeNotAProof(bytes, error)}` };
  }
}

/**
 * Why bytes are not a readable OpenTimestamps proof, as the end of a sentence that starts with
 * the file's name: most often they are something else entirely (an error page saved as `.ots`).
 */
export function describeNotAProof(bytes: Uint8Array, error: unknown): string {
  const text = new TextDecoder().decode(bytes.subarray(0, 2048)).trimStart();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as {
        error?: { message?: unknown };
      };
      if (typeof parsed.error?.message === 'string')
        return `is not an OpenTimestamps proof but a JSON error from a server (“${parsed.error.message.replace(/[.\s]+$/, '')}”)`;
    } catch {
      // Not JSON after all: described below.
    }
  }
  if (error instanceof BadMagicError)
    return 'is not an OpenTimestamps proof (it does not start with the OpenTimestamps header)';
  const reason = error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error);
  return `is not a valid OpenTimestamps proof (${reason})`;
}

/** The platform's proof of a document's PDF, if it has one yet. */
export async function platformProof(baseUrl: string, documentId: string): Promise<ProofSource> {
  const download = await fetchPlatformBytes(
    baseUrl,
    `/api/documents/${encodeURIComponent(documentId)}/proof.ots`,
  );
  if (download.status === 409)
    return { kind: 'none', reason: 'No proof yet: the digest waits in the anchoring queue.' };
  if (download.status !== 200)
    return { kind: 'none', reason: `The platform has no proof (HTTP ${download.status}).` };
  return readProof(download.body, "The platform's proof");
}

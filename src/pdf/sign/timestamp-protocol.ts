import * as asn1js from 'asn1js';
import { OID } from '../../../verifier/pdf-signature/oids.js';
import {
  TimestampError,
  asn1Child as child,
  readTstInfo,
} from '../../../verifier/pdf-signature/tst-info.js';

export { TimestampError, readTstInfo };

/** The nonce as a minimal positive DER INTEGER body: top bit clear, first byte not zero. */
export function positiveNonce(nonce: Buffer): Buffer {
  const value = Buffer.from(nonce);
  if (value.length > 0) value[0] = (value[0]! & 0x3f) | 0x40;
  return value;
}

/**
 * An RFC 3161 `TimeStampReq` for a SHA-256 digest, asking for the TSA's certificate in the token
 * (so verifiers need nothing else) and carrying a nonce against replayed answers.
 */
export function buildTimestampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const request = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 })] }),
          new asn1js.OctetString({ valueHex: digest }),
        ],
      }),
      new asn1js.Integer({ valueHex: positiveNonce(nonce) }),
      new asn1js.Boolean({ value: true }),
    ],
  });
  return Buffer.from(request.toBER(false));
}

/**
 * Takes the token out of a `TimeStampResp`, checking that it was granted and that it stamps
 * `digest` with our nonce.
 */
export function readTimestampResponse(response: Uint8Array, digest: Buffer, nonce: Buffer): Buffer {
  const parsed = asn1js.fromBER(Uint8Array.from(response));
  if (parsed.offset === -1)
    throw new TimestampError('The timestamp authority did not answer in DER.');
  const status = child(child(parsed.result, 0), 0);
  if (!(status instanceof asn1js.Integer) || status.valueBlock.valueDec > 1)
    throw new TimestampError('The timestamp authority refused the request.');
  const token = child(parsed.result, 1);
  if (token === undefined) throw new TimestampError('The timestamp authority sent no token.');
  // The token's own bytes: re-encoding could change a BER token and break its signature.
  const tokenDer = Buffer.from(token.valueBeforeDecodeView);
  const info = readTstInfo(tokenDer);
  const strip = (value: Buffer): Buffer => {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start += 1;
    return value.subarray(start);
  };
  if (info.imprintAlgorithm !== OID.sha256 || !digest.equals(info.imprint))
    throw new TimestampError('The timestamp token stamps another digest.');
  if (info.nonce === null || !strip(Buffer.from(info.nonce)).equals(strip(positiveNonce(nonce))))
    throw new TimestampError('The timestamp token does not carry our nonce.');
  return tokenDer;
}

import * as asn1js from 'asn1js';
import { OID } from './oids.js';

/** A timestamp authority's answer we cannot use (refused, malformed, or for another request). */
export class TimestampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

/** The `index`-th element of a constructed ASN.1 value, if any. */
export function asn1Child(
  node: asn1js.AsnType | undefined,
  index: number,
): asn1js.AsnType | undefined {
  if (node === undefined || !(node instanceof asn1js.Constructed)) return undefined;
  return node.valueBlock.value[index];
}

/** The TSTInfo of a token (`ContentInfo` of `SignedData` over TSTInfo). */
export function readTstInfo(token: Uint8Array): {
  imprintAlgorithm: string;
  imprint: Uint8Array;
  genTime: Date;
  nonce: Uint8Array | null;
} {
  const parsed = asn1js.fromBER(Uint8Array.from(token));
  if (parsed.offset === -1) throw new TimestampError('The timestamp token is not DER.');
  const signedData = asn1Child(asn1Child(parsed.result, 1), 0);
  const encap = asn1Child(signedData, 2);
  const type = asn1Child(encap, 0);
  if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== OID.tstInfo)
    throw new TimestampError('The timestamp token does not hold a TSTInfo.');
  const wrapped = asn1Child(asn1Child(encap, 1), 0);
  if (!(wrapped instanceof asn1js.OctetString))
    throw new TimestampError('The timestamp token has no content.');
  const tst = asn1js.fromBER(wrapped.getValue());
  const imprint = asn1Child(tst.result, 2);
  const algorithm = asn1Child(asn1Child(imprint, 0), 0);
  const hashed = asn1Child(imprint, 1);
  const genTime = asn1Child(tst.result, 4);
  if (
    !(algorithm instanceof asn1js.ObjectIdentifier) ||
    !(hashed instanceof asn1js.OctetString) ||
    !(genTime instanceof asn1js.GeneralizedTime)
  )
    throw new TimestampError('The timestamp token has a malformed TSTInfo.');
  let nonce: Uint8Array | null = null;
  const fields =
    tst.result instanceof asn1js.Constructed ? tst.result.valueBlock.value.slice(5) : [];
  for (const field of fields) {
    if (field instanceof asn1js.Integer) {
      nonce = Uint8Array.from(field.valueBlock.valueHexView);
      break;
    }
  }
  return {
    imprintAlgorithm: algorithm.valueBlock.toString(),
    imprint: new Uint8Array(hashed.getValue()),
    genTime: genTime.toDate(),
    nonce,
  };
}

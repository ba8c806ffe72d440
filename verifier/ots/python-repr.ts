/**
 * Python's `repr()` of `bytes` and `str`, so that `ots info` output matches the reference client
 * byte for byte (it prints attestations through their Python `repr`).
 */

import { fromLatin1 } from '../common/bytes.js';

const ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x5c, '\\\\'],
]);

function quoteFor(text: string): string {
  return text.includes("'") && !text.includes('"') ? '"' : "'";
}

/** `repr(b'…')`: printable ASCII as is, `\t \n \r \\` escaped, anything else as `\xNN`. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const latin = fromLatin1(bytes);
  const quote = quoteFor(latin);
  let body = '';
  for (const byte of bytes) {
    const escape = ESCAPES.get(byte);
    if (escape !== undefined) body += escape;
    else if (byte === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (byte >= 0x20 && byte < 0x7f) body += String.fromCharCode(byte);
    else body += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b${quote}${body}${quote}`;
}

/**
 * `repr('…')` for ASCII text (the only text we print: calendar URIs are restricted to
 * `[A-Za-z0-9._/:-]`). Non-ASCII code points are not handled the Python way and are not expected.
 */
export function pythonStrRepr(text: string): string {
  const quote = quoteFor(text);
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const escape = ESCAPES.get(code);
    if (escape !== undefined) body += escape;
    else if (char === quote) body += `\\${quote}`;
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

// The page script of the in-browser verification benchmark: the verifier's browser entry.
import { esploraHeaderSource, verifyDocumentFile } from '../verifier/browser.js';

Object.assign(globalThis, { certaVerifier: { esploraHeaderSource, verifyDocumentFile } });

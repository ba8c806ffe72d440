/** The PDF signature reader lives in the standalone verifier (DESIGN §4); the server uses it from there. */
export {
  PdfSyntaxError,
  verifyPdfSignatures,
  type PdfSignatureCheck,
} from '../../../verifier/pdf-signature/index.js';

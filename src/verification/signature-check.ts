/** The PAdES check is shared with the standalone verifier, which owns it (DESIGN §4). */
export { checkPdfSignature } from '../../verifier/verify/signature-check.js';

// The Chromium test's page script: the browser verifier's public entry, bundled as the page
// would have it, exposed to the test.
import { esploraHeaderSource, verifyDocumentFile } from '../../../verifier/browser.js';

Object.assign(globalThis, { certaVerifier: { esploraHeaderSource, verifyDocumentFile } });

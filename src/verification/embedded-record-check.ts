/** The embedded record check is shared with the standalone verifier, which owns it (DESIGN §4). */
export {
  checkEmbeddedRecord,
  type EmbeddedRecordSummary,
} from '../../verifier/verify/record-check.js';

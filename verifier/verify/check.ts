/** passed / failed decide validity; pending and unknown never make a document invalid by themselves. */
export type CheckStatus = 'passed' | 'failed' | 'pending' | 'unknown';

/** One line of a verification report. */
export interface Check {
  /** Stable name of the check. */
  id: 'integrity' | 'issuer' | 'validity' | 'time' | 'record' | 'signature';
  status: CheckStatus;
  /** Stable code for translations and scripts. */
  code: string;
  /** One English sentence. */
  message: string;
}

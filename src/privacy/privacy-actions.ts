/** The audit actions of recipients' rights, erasure and retention (ids and codes only). */
export const PRIVACY_ACTIONS = {
  dataViewed: 'document.data_viewed',
  exported: 'document.exported',
  restricted: 'document.restricted',
  unrestricted: 'document.unrestricted',
  erased: 'document.erased',
  requestMade: 'recipient.request_made',
  requestConfirmed: 'recipient.request_confirmed',
  retentionChanged: 'organisation.retention_changed',
  retentionRun: 'organisation.retention_run',
} as const;

/** Why an issuer erases a document (the audit trail keeps the code, never free text). */
export const ISSUER_ERASURE_REASONS = [
  'holder_request',
  'issued_in_error',
  'legal_obligation',
  'no_longer_needed',
  'other',
] as const;
export type IssuerErasureReason = (typeof ISSUER_ERASURE_REASONS)[number];

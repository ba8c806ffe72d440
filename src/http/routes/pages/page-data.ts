/*
 * The contract between the server-rendered pages and their scripts (web/pages/, built by Vite):
 * what each page puts in its `<script type="application/json" id="page-data">` block. Pure types
 * with no imports, so that the browser code type-checks against the same definitions.
 */

/** A document's state as pages name it (the server's DocumentState). */
export type DocumentStateName = 'pending' | 'active' | 'suspended' | 'revoked' | 'expired';

/** Strings the activation page's script shows (errors, progress). */
export interface ActivateScriptStrings {
  missingSecret: string;
  /** The state shown once the document is activated. */
  activeState: string;
  mustAccept: string;
  working: string;
  downloading: string;
  downloaded: string;
  /** The proof waits for the next anchoring batch (409). */
  proofPending: string;
  copied: string;
  copyFailed: string;
  rights: {
    loading: string;
    heldHeading: string;
    nameLabel: string;
    emailLabel: string;
    restrictedLabel: string;
    yes: string;
    no: string;
    consentsLabel: string;
    historyLabel: string;
    exported: string;
    restricted: string;
    unrestricted: string;
    mustConfirm: string;
    erased: string;
  };
  errors: {
    ACTIVATION_FAILED: string;
    RATE_LIMITED_ONE: string;
    RATE_LIMITED_MANY: string;
    RATE_LIMITED_LATER: string;
    TERMS_NOT_ACCEPTED: string;
    CONFLICT: string;
    NOT_FOUND: string;
    NETWORK: string;
    GENERIC: string;
  };
}

/** Strings the verification page's script shows (progress, report, check messages by code). */
export interface VerifyScriptStrings {
  dateLocale: string;
  notPdf: string;
  noFile: string;
  reading: string;
  checking: string;
  noCrypto: string;
  readFailed: string;
  generic: string;
  valid: string;
  invalid: string;
  validText: string;
  invalidText: string;
  fileLabel: string;
  sha256Label: string;
  documentLabel: string;
  issuerLabel: string;
  checksHeading: string;
  differentDocument: string;
  checkNames: Record<'integrity' | 'issuer' | 'validity' | 'time' | 'record' | 'signature', string>;
  statusWords: Record<'passed' | 'failed' | 'pending' | 'unknown', string>;
  /** The in-browser verification (issue 16): verdicts, where each check ran, plain words. */
  local: {
    unknown: string;
    unknownText: string;
    /** Shown whenever a check says unknown. */
    unknownExplained: string;
    ranHere: string;
    ranAtPlatform: string;
    recipientHeading: string;
    recipientText: string;
    recipientLabel: string;
    /** One header source's answer under the time check: {source}, {height}, {root}. */
    sourceAnswered: string;
    /** A header source that gave no header: {source}, {height}. */
    sourceSilent: string;
    /** Messages by the browser verifier's codes; {time}, {height}, {sources}, {issuer} filled. */
    messages: Record<LocalCheckCode, string>;
  };
}

/** The codes of the browser verifier's checks that the pages translate. */
export type LocalCheckCode =
  | 'issued_file'
  | 'unknown_file'
  | 'platform_unreachable'
  | 'signature_unreadable'
  | 'unsigned'
  | 'signature_invalid'
  | 'signature_partial'
  | 'signature_timestamp_invalid'
  | 'signer_not_checked'
  | 'signed_by_other'
  | 'signed_by_platform'
  | 'record_unreadable'
  | 'no_record'
  | 'record_invalid'
  | 'record_replaced'
  | 'record_signer_mismatch'
  | 'record_mismatch'
  | 'record_signed'
  | 'issuer_profile_unavailable'
  | 'issuer_not_named'
  | 'issuer_mismatch'
  | 'issuer_verified'
  | 'no_verified_record'
  | 'no_status_list_entry'
  | 'status_list_missing'
  | 'status_list_foreign'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'active'
  | 'no_proof'
  | 'proof_mismatch'
  | 'proof_unreadable'
  | 'header_sources_missing'
  | 'proof_invalid'
  | 'anchored_in_bitcoin'
  | 'bitcoin_unavailable'
  | 'anchor_pending'
  | 'no_checkable_attestation';

/** Strings the account pages' script shows (progress, results, errors by code). */
export interface AccountScriptStrings {
  /** The link's token is missing from the fragment or damaged. */
  missingToken: string;
  working: string;
  loading: string;
  emailMissing: string;
  passwordMissing: string;
  mismatch: string;
  /** After asking for a sign-up link (same text whether or not an e-mail was sent). */
  signUpSent: string;
  /** After asking for a reset link (same text whether or not an e-mail was sent). */
  resetSent: string;
  /** {organisation}: the organisation's name; {role}: the role's name. */
  invited: string;
  /** {list}: organisation ids. */
  recovered: string;
  /** {list}: organisation ids. */
  keyAccessLost: string;
  nothingLost: string;
  recoveryPairIncomplete: string;
  roles: Record<'owner' | 'admin' | 'operator' | 'viewer', string>;
  errors: {
    LINK_INVALID: string;
    WRONG_PASSWORD: string;
    WRONG_CODE: string;
    SECOND_FACTOR_REQUIRED: string;
    INVALID_EMAIL: string;
    /** {organisation}: the organisation id the server named. */
    RECOVERY_KEY: string;
    too_short: string;
    too_long: string;
    common: string;
    like_email: string;
    CONFLICT: string;
    /** Accepting an invitation to an organisation one is already a member of. */
    ALREADY_MEMBER: string;
    UPSTREAM_FAILED: string;
    RATE_LIMITED_ONE: string;
    RATE_LIMITED_MANY: string;
    RATE_LIMITED_LATER: string;
    NETWORK: string;
    GENERIC: string;
  };
}

/** What the activation page's script reads from `#page-data`. */
export interface ActivatePageData {
  documentId: string;
  termsVersion: number;
  state: DocumentStateName;
  fileName: string;
  /** The document's public verify page, absolute: the share link and the QR code. */
  verifyUrl: string;
  strings: ActivateScriptStrings;
}

/** What the verification page's script reads from `#page-data`. */
export interface VerifyPageData {
  /** The document this page is about (from /verify/<id>), or null on /verify. */
  documentId: string | null;
  strings: VerifyScriptStrings;
  /** The text of the link from the report's issuer to its public profile. */
  issuerProfileLink: string;
  /**
   * The platform's PUBLIC_URL: its own URLs in a record (the status lists) are asked at the
   * address the page was loaded from, which the CSP's 'self' allows.
   */
  publicUrl: string;
  /** The two Bitcoin header sources the page asks (VERIFY_HEADER_SOURCES). */
  headerSources: Array<{ label: string; url: string }>;
}

export type AccountPageKind = 'sign-up' | 'sign-up-confirm' | 'password-reset' | 'invitation';

/** What the account pages' script reads from `#page-data`. */
export interface AccountPageData {
  page: AccountPageKind;
  locale: string;
  strings: AccountScriptStrings;
}

/** Strings the lost-link pages' scripts show (the request form and the request page). */
export interface LostLinkScriptStrings {
  dateLocale: string;
  states: Record<DocumentStateName, string>;
  missingEmail: string;
  sending: string;
  /** The same answer whatever the address (no enumeration). */
  sent: string;
  loading: string;
  missingToken: string;
  /** {date}: when the link expires. */
  expiresAt: string;
  none: string;
  issuerLabel: string;
  issuedLabel: string;
  stateLabel: string;
  restrictedNote: string;
  pendingNote: string;
  /** No activated document: nothing to export. */
  nothingToExport: string;
  exporting: string;
  exported: string;
  mustConfirm: string;
  erasing: string;
  /** {count}: how many documents were erased. */
  erased: string;
  errors: {
    LINK_INVALID: string;
    INVALID_INPUT: string;
    RATE_LIMITED_ONE: string;
    RATE_LIMITED_MANY: string;
    RATE_LIMITED_LATER: string;
    NETWORK: string;
    GENERIC: string;
  };
}

/** The page data of `/recipient/lost-link` and `/recipient/requests`. */
export interface LostLinkPageData {
  locale: string;
  strings: LostLinkScriptStrings;
}

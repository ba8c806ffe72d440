import type { DocumentState } from '../../../documents/document.js';
import type { Locale } from '../../../i18n/locale.js';
import { ENGLISH_PAGE_STRINGS } from './strings.en.js';
import { FRENCH_PAGE_STRINGS } from './strings.fr.js';

/*
 * Every user-visible string of the HTML pages, one catalogue per language. Texts are plain text
 * (escaped when rendered); `{name}` marks a value filled in by `fill()`. The `*Script` groups
 * are handed to the browser scripts as JSON.
 */

/** Strings the activation page's script shows (errors, progress). */
export interface ActivateScriptStrings {
  missingSecret: string;
  /** The state shown once the document is activated. */
  activeState: string;
  mustAccept: string;
  working: string;
  downloading: string;
  downloaded: string;
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
  network: string;
  generic: string;
  valid: string;
  invalid: string;
  validText: string;
  invalidText: string;
  fileLabel: string;
  sha256Label: string;
  documentLabel: string;
  issuerLabel: string;
  stateLabel: string;
  checksHeading: string;
  /** {date}: when a platform admin approved the issuer. */
  identityReviewed: string;
  /** {domain}, {date}: the domain the issuer proved it controls, and when. */
  domainVerified: string;
  domainNotVerified: string;
  differentDocument: string;
  states: Record<DocumentState, string>;
  checkNames: Record<'integrity' | 'issuer' | 'validity' | 'time' | 'record' | 'signature', string>;
  statusWords: Record<'passed' | 'failed' | 'pending' | 'unknown', string>;
  /** Check messages by the check's `code`; unknown codes fall back to the server's message. */
  checkMessages: {
    digest_matches: string;
    not_issued_here: string;
    issuer_verified: string;
    issuer_not_verified: string;
    no_document: string;
    revoked: string;
    /** {date}: since when; {reason}: the issuer's reason. */
    suspended: string;
    /** {date}: when; {url}: where to verify the corrected document. */
    superseded: string;
    /** {date}: the last day it was valid. */
    expired: string;
    not_activated: string;
    active: string;
    active_until: string;
    not_anchored_yet: string;
    not_activated_yet: string;
    /** {time}: when the block was mined; {height}: the block number. */
    anchored_in_bitcoin: string;
    anchor_pending: string;
    /** {height}: the block number, or the empty string when unknown. */
    bitcoin_unavailable: string;
    proof_invalid: string;
    /** {time}: the block's time; {issued}: the issuance. */
    time_inconsistent: string;
    /** The embedded record check (the signed JSON inside the PDF). */
    no_record: string;
    record_signed: string;
    record_invalid: string;
    record_unknown_signer: string;
    record_document_unknown: string;
    record_mismatch: string;
    record_unreadable: string;
    /** The PAdES signature check of the submitted PDF. */
    signature_unreadable: string;
    unsigned: string;
    signature_invalid: string;
    signature_partial: string;
    signed_by_platform: string;
    signed_by_other: string;
  };
}

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

/** The account pages: sign-up, its confirmation, password reset, invitation acceptance. */
export interface AccountPageStrings {
  noscript: string;
  /** The link to the log-in page (/login, served by the console) that ends a finished step. */
  logInLink: string;
  emailLabel: string;
  newPasswordLabel: string;
  /** The password rules, under every new-password field. */
  passwordRules: string;
  confirmPasswordLabel: string;
  signUp: {
    title: string;
    heading: string;
    intro: string;
    submit: string;
    forgotPassword: string;
  };
  confirm: {
    title: string;
    heading: string;
    intro: string;
    recoveryHeading: string;
    recoveryText: string;
    recoveryWithout: string;
    submit: string;
    doneHeading: string;
    doneText: string;
  };
  reset: {
    title: string;
    heading: string;
    requestIntro: string;
    requestSubmit: string;
    chooseIntro: string;
    codeLabel: string;
    codeHint: string;
    recoveryLegend: string;
    recoveryText: string;
    organisationIdLabel: string;
    recoveryKeyLabel: string;
    recoveryKeyHint: string;
    submit: string;
    doneHeading: string;
    doneText: string;
    newLink: string;
  };
  invitation: {
    title: string;
    heading: string;
    intro: string;
    newAccountPassword: string;
    existingAccountPassword: string;
    newAccountText: string;
    submit: string;
    doneHeading: string;
    doneText: string;
    keyAccessText: string;
  };
  script: AccountScriptStrings;
}

export interface PageStrings {
  common: {
    /** BCP 47 tag for dates (en → en-GB: day month year). */
    dateLocale: string;
    siteName: string;
    tagline: string;
    skipToContent: string;
    languageNav: string;
    footerApi: string;
    footerVerify: string;
    /** {date}: when a platform admin approved the issuer ("Identity reviewed … on …"). */
    identityReviewed: string;
    /** {domain}, {date}: the domain the issuer proved it controls, and when. */
    domainVerified: string;
    /** Said when the issuer was approved without a domain proof (or it no longer holds). */
    domainNotVerified: string;
    unverifiedIssuer: string;
    utc: string;
    neverExpires: string;
    labels: {
      issuer: string;
      document: string;
      documentId: string;
      state: string;
      issuedAt: string;
      activatedAt: string;
      expiresAt: string;
      revokedAt: string;
      revocationReason: string;
      suspendedAt: string;
      suspensionReason: string;
    };
  };
  /** The public issuer profile page (/issuers/<id>) and the links to it. */
  issuerProfile: {
    /** {name}: the issuer's name. */
    title: string;
    intro: string;
    suspendedNotice: string;
    identityHeading: string;
    /** {name}: the issuer's name. */
    logoAlt: string;
    labels: {
      name: string;
      legalName: string;
      country: string;
      website: string;
      identity: string;
      domain: string;
      status: string;
      issuerId: string;
    };
    notProvided: string;
    statuses: Record<'approved' | 'suspended', string>;
    keysHeading: string;
    keysIntro: string;
    keysCaption: string;
    keyColumns: {
      fingerprint: string;
      status: string;
      createdAt: string;
      retiredAt: string;
      revokedAt: string;
    };
    keyStatuses: Record<'active' | 'retired' | 'revoked', string>;
    none: string;
    signingHeading: string;
    signingIntro: string;
    signingLabels: {
      subject: string;
      issuer: string;
      fingerprint: string;
      validity: string;
    };
    /** {from}, {to}: dates. */
    validityRange: string;
    jsonLink: string;
    /** The link from documents and verification reports to the profile. */
    profileLink: string;
  };
  states: Record<DocumentState, string>;
  home: {
    title: string;
    heading: string;
    intro: string;
    verifyHeading: string;
    verifyText: string;
    verifyLink: string;
    recipientHeading: string;
    recipientText: string;
    developersHeading: string;
    developersText: string;
    developersLink: string;
  };
  activate: {
    title: string;
    heading: string;
    intro: string;
    documentHeading: string;
    termsHeading: string;
    acceptLabel: string;
    activateButton: string;
    alreadyActive: string;
    getButton: string;
    revokedNotice: string;
    /** A document the issuer suspended (not its issuer's suspension). */
    suspendedDocumentNotice: string;
    /** {date}: the last day it was valid. */
    expiredNotice: string;
    secretNote: string;
    noscript: string;
    readyHeading: string;
    readyText: string;
    downloadButton: string;
    sha256Label: string;
    verifyLink: string;
  };
  activateScript: ActivateScriptStrings;
  verify: {
    title: string;
    heading: string;
    intro: string;
    statusHeading: string;
    statusExplain: string;
    fileHeading: string;
    fileLabel: string;
    dropHint: string;
    privacy: string;
    noscript: string;
    reportHeading: string;
  };
  verifyScript: VerifyScriptStrings;
  /** The 404 pages: an unknown document id, an unknown issuer, any other unknown address. */
  notFound: {
    document: { title: string; heading: string; text: string };
    issuer: { title: string; heading: string; text: string };
    page: { title: string; heading: string; text: string };
    homeLink: string;
    verifyLink: string;
  };
  account: AccountPageStrings;
}

/** The catalogues, by locale. */
export const PAGE_STRINGS: Record<Locale, PageStrings> = {
  en: ENGLISH_PAGE_STRINGS,
  fr: FRENCH_PAGE_STRINGS,
};

/** Fills `{name}` placeholders with values (plain text; escape the result when rendering HTML). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}

import type { Locale } from '../../../i18n/locale.js';
import { ENGLISH_PAGE_STRINGS } from './strings.en.js';
import { FRENCH_PAGE_STRINGS } from './strings.fr.js';
import type {
  AccountScriptStrings,
  ActivateScriptStrings,
  DocumentStateName,
  LostLinkScriptStrings,
  VerifyScriptStrings,
} from './page-data.js';

export type {
  AccountScriptStrings,
  ActivateScriptStrings,
  LostLinkScriptStrings,
  VerifyScriptStrings,
};

/*
 * Every user-visible string of the HTML pages, one catalogue per language. Texts are plain text
 * (escaped when rendered); `{name}` marks a value filled in by `fill()`. The `*Script` groups
 * are handed to the browser scripts as JSON.
 */

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
  states: Record<DocumentStateName, string>;
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
    /** The link to the lost-link page. */
    lostLinkLink: string;
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
    /** The OpenTimestamps proof of the PDF (.ots). */
    proofButton: string;
    proofText: string;
    sha256Label: string;
    verifyLink: string;
    /** {issuer}: the issuer's name, the logo's text alternative. */
    logoAlt: string;
    shareHeading: string;
    shareText: string;
    shareLinkLabel: string;
    copyButton: string;
    linkedInButton: string;
    linkedInText: string;
    qrHeading: string;
    qrText: string;
    /** The QR code image's text alternative. */
    qrAlt: string;
    rights: {
      heading: string;
      text: string;
      seeButton: string;
      exportButton: string;
      restrictButton: string;
      restrictText: string;
      unrestrictButton: string;
      eraseHeading: string;
      eraseText: string;
      eraseConfirmLabel: string;
      eraseButton: string;
    };
  };
  activateScript: ActivateScriptStrings;
  /** `/recipient/lost-link` (ask by e-mail) and `/recipient/requests` (the e-mailed link). */
  lostLink: {
    title: string;
    heading: string;
    intro: string;
    emailLabel: string;
    emailHint: string;
    submitButton: string;
    privacy: string;
    noscript: string;
    requestsTitle: string;
    requestsHeading: string;
    requestsIntro: string;
    documentsHeading: string;
    exportHeading: string;
    exportText: string;
    exportButton: string;
    eraseHeading: string;
    eraseText: string;
    eraseConfirmLabel: string;
    eraseButton: string;
    /** The link back to the form (an expired or used link). */
    askAgainLink: string;
  };
  lostLinkScript: LostLinkScriptStrings;
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

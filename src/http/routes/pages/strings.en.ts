import type { PageStrings } from './page-strings.js';

const STATES = {
  pending: 'Not activated yet',
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
} as const;

/** English texts of the HTML pages. */
export const ENGLISH_PAGE_STRINGS: PageStrings = {
  common: {
    dateLocale: 'en-GB',
    siteName: 'Certa',
    tagline: 'Certified digital documents',
    skipToContent: 'Skip to content',
    languageNav: 'Language',
    footerApi: 'API documentation',
    footerVerify: 'Verify a document',
    verifiedIssuer: 'Verified issuer',
    unverifiedIssuer: 'Issuer not verified',
    utc: 'UTC',
    neverExpires: 'Does not expire',
    labels: {
      issuer: 'Issuer',
      document: 'Document',
      documentId: 'Document id',
      state: 'State',
      issuedAt: 'Issued',
      activatedAt: 'Activated',
      expiresAt: 'Expires',
      revokedAt: 'Revoked',
      revocationReason: 'Reason for revocation',
    },
  },
  states: STATES,
  home: {
    title: 'Certified digital documents',
    heading: 'Certified digital documents',
    intro:
      'Certa issues diplomas, certificates and attestations as signed PDF files that anyone can check without having to trust us. Recipients’ personal data stays encrypted until they activate their document.',
    verifyHeading: 'You received a document?',
    verifyText:
      'Check that it is authentic, unchanged and still valid. Your file never leaves your device.',
    verifyLink: 'Verify a document',
    recipientHeading: 'You received an activation e-mail?',
    recipientText:
      'Open the link in the e-mail: it leads to your document. Read and accept the terms, and download your PDF.',
    developersHeading: 'Developers and issuers',
    developersText: 'Issue, revoke and verify documents through the HTTP API.',
    developersLink: 'API documentation',
  },
  activate: {
    title: 'Activate your document',
    heading: 'Activate your document',
    intro: 'Read the terms below and accept them to get your certified document as a PDF file.',
    documentHeading: 'Your document',
    termsHeading: 'Terms of use (version {version})',
    acceptLabel: 'I have read and accept the terms (version {version})',
    activateButton: 'Activate my document',
    alreadyActive: 'You have already activated this document. You can get it again.',
    getButton: 'Get my document',
    revokedNotice: 'The issuer has revoked this document. It can no longer be activated.',
    expiredNotice:
      'This document expired on {date}. You can still activate it, but verifiers will see that it has expired.',
    secretNote:
      'The secret part of your link stays in this browser tab only; it has been removed from the address bar.',
    noscript:
      'This page needs JavaScript: your browser reads the secret part of your link itself, so that it is never sent in a web address.',
    readyHeading: 'Your document is ready',
    readyText:
      'Download it and keep it safe. You can download it again later with the link from your e-mail.',
    downloadButton: 'Download the PDF',
    sha256Label: 'SHA-256 fingerprint of your PDF',
    verifyLink: 'See what verifiers will see',
  },
  activateScript: {
    activeState: STATES.active,
    missingSecret:
      'This link is incomplete: the part after the # sign is missing or damaged. Open the link from your e-mail exactly as you received it.',
    mustAccept: 'Tick the box to accept the terms before activating your document.',
    working: 'Activating… creating your document can take a few seconds.',
    downloading: 'Preparing the download…',
    downloaded: 'The download has started.',
    errors: {
      ACTIVATION_FAILED:
        'This activation link is not valid. Check that you opened the complete link from your e-mail.',
      RATE_LIMITED_ONE: 'Too many attempts for this document. Try again in 1 minute.',
      RATE_LIMITED_MANY: 'Too many attempts for this document. Try again in {minutes} minutes.',
      RATE_LIMITED_LATER: 'Too many attempts for this document. Try again in a few minutes.',
      TERMS_NOT_ACCEPTED:
        'The terms have changed or were not accepted. Reload the page, read the current terms and accept them.',
      CONFLICT: 'The issuer has revoked this document. It can no longer be activated.',
      NOT_FOUND: 'This document does not exist (any more).',
      NETWORK: 'The server could not be reached. Check your connection and try again.',
      GENERIC: 'Something went wrong on our side. Try again in a moment.',
    },
  },
  verify: {
    title: 'Verify a document',
    heading: 'Verify a document',
    intro: 'Check that a PDF document issued with Certa is authentic, unchanged and still valid.',
    statusHeading: 'What the platform records for this document',
    statusExplain:
      'This is the public record for this document id. It does not prove that a file is this document: to check a file’s integrity, choose the file below.',
    fileHeading: 'Check a file',
    fileLabel: 'Choose the PDF file',
    dropHint: 'or drop it here.',
    privacy:
      'Your file never leaves your device: your browser computes its SHA-256 fingerprint and sends only that fingerprint.',
    noscript:
      'Checking a file needs JavaScript: your browser computes the file’s fingerprint itself, so that the file is never uploaded.',
    reportHeading: 'Result',
  },
  verifyScript: {
    dateLocale: 'en-GB',
    notPdf: 'This file is not a PDF. Choose the PDF document you received. Nothing was sent.',
    noFile: 'No file was chosen.',
    reading: 'Computing the fingerprint of “{name}”…',
    checking: 'Checking…',
    noCrypto:
      'This browser cannot compute the fingerprint on this page (a secure HTTPS connection is needed).',
    readFailed: 'The file could not be read.',
    network: 'The server could not be reached. Check your connection and try again.',
    generic: 'The check failed on our side. Try again in a moment.',
    valid: 'Valid document',
    invalid: 'Not valid',
    validText: 'This file is exactly the document issued by {issuer}, and it is currently valid.',
    invalidText: 'Do not rely on this file. The checks below say why.',
    fileLabel: 'File',
    sha256Label: 'SHA-256 fingerprint',
    documentLabel: 'Document',
    issuerLabel: 'Issuer',
    stateLabel: 'State',
    checksHeading: 'Checks',
    verifiedIssuer: 'Verified issuer',
    differentDocument:
      'Note: this file is another document ({id}) than the one this page is about.',
    states: STATES,
    checkNames: {
      integrity: 'Integrity',
      issuer: 'Issuer',
      validity: 'Validity',
      time: 'Time',
      record: 'Embedded record',
      signature: 'Signature',
    },
    statusWords: { passed: 'Passed', failed: 'Failed', pending: 'Pending', unknown: 'Unknown' },
    checkMessages: {
      digest_matches:
        'The file is exactly the document issued here: its SHA-256 fingerprint is on record.',
      not_issued_here:
        'Not issued by this platform: no document has this fingerprint. The file was changed, or it comes from elsewhere.',
      issuer_verified: 'Issued by {issuer}, whose identity was checked by the platform.',
      issuer_not_verified: 'Issued by {issuer}, which is not currently a verified issuer.',
      no_document: 'Not known: the document is not on record here.',
      revoked: 'Revoked by the issuer on {date}: {reason}',
      expired: 'Expired on {date}.',
      not_activated: 'The document has not been activated by its recipient.',
      active: 'Active; it does not expire.',
      active_until: 'Active until {date}.',
      not_anchored_yet:
        'Issued on {issued}, activated on {activated}; not anchored on Bitcoin yet.',
      not_activated_yet: 'not yet',
      anchored_in_bitcoin:
        'Existed by {time}: its SHA-256 is anchored in Bitcoin block {height}, checked against the block header.',
      anchor_pending: 'Sent for anchoring on Bitcoin; waiting for a block to confirm it.',
      bitcoin_unavailable:
        'Anchored on Bitcoin, but the block header could not be looked up to check it now.',
      proof_invalid: 'The stored timestamp proof does not verify against Bitcoin.',
      no_record: 'The PDF carries no embedded record.',
      record_signed:
        'The record embedded in the PDF is signed by this platform and names this document.',
      record_invalid:
        'The record embedded in the PDF does not verify: it was altered or its signature is broken.',
      record_unknown_signer:
        'The record embedded in the PDF is signed by a certificate that is not this platform’s.',
      record_document_unknown:
        'The record embedded in the PDF is signed by this platform, but the file is not the PDF it issued.',
      record_mismatch: 'The record embedded in the PDF names another document.',
      record_unreadable: 'The PDF cannot be read to find its embedded record.',
      signature_unreadable: 'The PDF cannot be read to find its signature.',
      unsigned: 'The PDF carries no signature.',
      signature_invalid: 'The PDF signature is broken: the file was altered after signing.',
      signature_partial:
        'The PDF was changed after it was signed: the signature does not cover the whole file.',
      signed_by_platform: 'Signed by this platform (PAdES) over the whole file.',
      signed_by_other:
        'Signed over the whole file, but by a certificate that is not this platform’s.',
    },
  },
  notFound: {
    title: 'Not found',
    heading: 'Document not found',
    text: 'There is no document with this id. Check that you opened the complete link or scanned the right QR code.',
    homeLink: 'Home page',
    verifyLink: 'Verify a document by its file',
  },
};

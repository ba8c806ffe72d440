import type { PageStrings } from './page-strings.js';

const STATES = {
  pending: 'Not activated yet',
  active: 'Active',
  suspended: 'Suspended',
  revoked: 'Revoked',
  expired: 'Expired',
} as const;

/** What was verified about an issuer, said apart (pages, verification report). */
const ISSUER_CHECKS = {
  identityReviewed: 'Identity reviewed by the platform on {date}',
  domainVerified: 'Domain {domain} verified on {date}',
  domainNotVerified: 'Domain not verified',
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
    ...ISSUER_CHECKS,
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
      expiresAt: 'Valid until',
      revokedAt: 'Revoked',
      revocationReason: 'Reason for revocation',
      suspendedAt: 'Suspended since',
      suspensionReason: 'Reason for suspension',
    },
  },
  issuerProfile: {
    title: '{name} — issuer profile',
    intro:
      'A platform admin checked who this issuer is before it could issue documents. This page shows what was checked and the keys the issuer uses.',
    suspendedNotice:
      'This issuer is suspended: it cannot issue documents at the moment. The documents it issued before can still be verified.',
    identityHeading: 'What the platform checked',
    logoAlt: 'Logo of {name}',
    labels: {
      name: 'Name',
      legalName: 'Legal name',
      country: 'Country',
      website: 'Website',
      identity: 'Identity',
      domain: 'Domain',
      status: 'Status',
      issuerId: 'Issuer id',
    },
    notProvided: 'Not given',
    statuses: { approved: 'Approved: may issue documents', suspended: 'Suspended' },
    keysHeading: 'Encryption keys',
    keysIntro:
      'Recipients’ personal data is encrypted to the issuer’s active key until they activate their document. When a key is replaced, the old one is kept for the documents issued with it.',
    keysCaption: 'Key history, newest first',
    keyColumns: {
      fingerprint: 'Fingerprint (SHA-256)',
      status: 'Status',
      createdAt: 'Created',
      retiredAt: 'Replaced',
      revokedAt: 'Revoked',
    },
    keyStatuses: { active: 'Active', retired: 'Retired', revoked: 'Revoked (compromised)' },
    none: '—',
    signingHeading: 'Document signing',
    signingIntro:
      'The platform signs this issuer’s PDF files and the records embedded in them with this certificate.',
    signingLabels: {
      subject: 'Certificate',
      issuer: 'Issued by',
      fingerprint: 'Fingerprint (SHA-256)',
      validity: 'Valid',
    },
    validityRange: 'from {from} to {to}',
    jsonLink: 'This profile as JSON',
    profileLink: 'Issuer profile',
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
    lostLinkLink: 'Lost your link? Ask for your documents by e-mail',
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
    suspendedDocumentNotice:
      'The issuer has suspended this document: verifiers see it as suspended until the issuer reinstates it.',
    expiredNotice:
      'This document was valid until {date}. You can still activate it, but verifiers will see that it has expired.',
    secretNote:
      'The secret part of your link stays in this browser tab only; it has been removed from the address bar.',
    noscript:
      'This page needs JavaScript: your browser reads the secret part of your link itself, so that it is never sent in a web address.',
    readyHeading: 'Your document is ready',
    readyText:
      'Download it and keep it safe. You can download it again later with the link from your e-mail.',
    downloadButton: 'Download the PDF',
    proofButton: 'Download the timestamp proof (.ots)',
    proofText:
      'The proof shows that your PDF existed at a given time, anchored in the Bitcoin blockchain. Keep it with the PDF: anyone can check it with OpenTimestamps.',
    sha256Label: 'SHA-256 fingerprint of your PDF',
    verifyLink: 'See what verifiers will see',
    logoAlt: 'Logo of {issuer}',
    shareHeading: 'Share your document',
    shareText:
      'The link opens the public verification page of this document: it shows the issuer, the title and whether it is valid, never your name. Whoever has your PDF can check it there.',
    shareLinkLabel: 'Link to the verification page',
    copyButton: 'Copy the link',
    linkedInButton: 'Add to LinkedIn profile',
    linkedInText:
      'Opens LinkedIn with the certification filled in (title, issuer, dates, document id and this link). Nothing is sent to LinkedIn before you confirm there.',
    qrHeading: 'QR code',
    qrText: 'Show it on your phone: scanning it opens the verification page.',
    qrAlt: 'QR code of the link to the verification page',
    rights: {
      heading: 'Your data and rights',
      text: 'The platform holds your name, your e-mail address and the document’s fields, encrypted. Your link’s secret lets you see them, take them with you, hide the document from verification or erase it.',
      seeButton: 'See what is held',
      exportButton: 'Download all my data (ZIP)',
      restrictButton: 'Hide from verification',
      restrictText:
        'Not a revocation: verifiers then see only “restricted at the holder’s request” until you show it again.',
      unrestrictButton: 'Show to verification again',
      eraseHeading: 'Erase this document',
      eraseText:
        'Your data and the PDF are destroyed for good; verifiers then see “erased at the holder’s request”. Download what you want to keep first. This cannot be undone.',
      eraseConfirmLabel: 'I understand that erasing cannot be undone',
      eraseButton: 'Erase for good',
    },
  },
  activateScript: {
    activeState: STATES.active,
    missingSecret:
      'This link is incomplete: the part after the # sign is missing or damaged. Open the link from your e-mail exactly as you received it.',
    mustAccept: 'Tick the box to accept the terms before activating your document.',
    working: 'Activating… creating your document can take a few seconds.',
    downloading: 'Preparing the download…',
    downloaded: 'The download has started.',
    proofPending:
      'The timestamp proof is not ready yet: your document waits for the next anchoring batch. Come back through your link later.',
    copied: 'Link copied.',
    copyFailed: 'The link could not be copied: select it and copy it yourself.',
    rights: {
      loading: 'Loading…',
      heldHeading: 'What the platform holds',
      nameLabel: 'Name',
      emailLabel: 'E-mail address',
      restrictedLabel: 'Hidden from verification',
      yes: 'Yes',
      no: 'No',
      consentsLabel: 'Terms accepted',
      historyLabel: 'Events in the document’s history',
      exported: 'Your data is downloading.',
      restricted: 'The document is hidden from verification.',
      unrestricted: 'The document is shown to verification again.',
      mustConfirm: 'Tick the box to confirm that erasing cannot be undone.',
      erased: 'The document and your data have been erased.',
    },
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
  lostLink: {
    title: 'Lost your link?',
    heading: 'Lost your link?',
    intro:
      'Enter the e-mail address your documents were sent to. If documents were issued to it, we send it a link to see them, export them or erase them. The link works once, for one hour.',
    emailLabel: 'E-mail address',
    emailHint: 'The address that received the activation e-mail.',
    submitButton: 'Send me a link',
    privacy:
      'We give the same answer whatever the address, so nobody can learn from this page whether someone has documents here.',
    noscript: 'This page needs JavaScript to send your request.',
    requestsTitle: 'Your documents',
    requestsHeading: 'Your documents',
    requestsIntro:
      'These are the documents issued to your e-mail address. You can download your data or erase it. Either action uses up this link: for another one, ask for a new link.',
    documentsHeading: 'Documents issued to you',
    exportHeading: 'Download your data',
    exportText:
      'A ZIP file with your data, the PDFs and their timestamp proofs, for the activated documents. A document not activated yet is opened only by its own e-mail link; it can be erased here.',
    exportButton: 'Download my data (ZIP)',
    eraseHeading: 'Erase everything',
    eraseText:
      'Erasing destroys your personal data and the PDFs of every document listed here, activated or not. It cannot be undone. Verification will then say the document was erased at your request.',
    eraseConfirmLabel: 'I understand that my documents and data will be erased for good',
    eraseButton: 'Erase my documents',
    askAgainLink: 'Ask for a new link',
  },
  lostLinkScript: {
    dateLocale: 'en-GB',
    states: STATES,
    missingEmail: 'Enter your e-mail address, like name@example.org.',
    sending: 'Sending…',
    sent: 'Thank you. If documents were issued to this address, a message with a link is on its way. Check your inbox (and spam folder) in a few minutes.',
    loading: 'Loading your documents…',
    missingToken:
      'This link is incomplete: the part after the # sign is missing. Open the link from your e-mail exactly as you received it.',
    expiresAt: 'This link works until {date}.',
    none: 'No document was issued to this address, or all of them have been erased.',
    issuerLabel: 'Issuer',
    issuedLabel: 'Issued',
    stateLabel: 'State',
    restrictedNote: 'Hidden from verification at your request.',
    pendingNote: 'Not activated: it can be erased here, not downloaded.',
    nothingToExport:
      'None of these documents is activated yet, so there is nothing to download: open each one with the link in its own e-mail.',
    exporting: 'Preparing your ZIP file…',
    exported:
      'Your download has started. This link is now used up: to erase your documents, ask for a new link.',
    mustConfirm: 'Tick the box to confirm that you want to erase your documents.',
    erasing: 'Erasing…',
    erased: 'Done: {count} document(s) and your data have been erased.',
    errors: {
      LINK_INVALID:
        'This link is not valid any more: it was already used, it has expired (after one hour), or it is incomplete.',
      INVALID_INPUT: 'Enter a valid e-mail address, like name@example.org.',
      RATE_LIMITED_ONE: 'Too many requests. Try again in 1 minute.',
      RATE_LIMITED_MANY: 'Too many requests. Try again in {minutes} minutes.',
      RATE_LIMITED_LATER: 'Too many requests. Try again in a few minutes.',
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
    generic: 'The check failed on our side. Try again in a moment.',
    valid: 'Valid document',
    invalid: 'Not valid',
    validText: 'This file is exactly the document issued by {issuer}, and it is currently valid.',
    invalidText: 'Do not rely on this file. The checks below say why.',
    fileLabel: 'File',
    sha256Label: 'SHA-256 fingerprint',
    documentLabel: 'Document',
    issuerLabel: 'Issuer',
    checksHeading: 'Checks',
    differentDocument:
      'Note: this file is another document ({id}) than the one this page is about.',
    checkNames: {
      integrity: 'Integrity',
      issuer: 'Issuer',
      validity: 'Validity',
      time: 'Time',
      record: 'Embedded record',
      signature: 'Signature',
    },
    statusWords: { passed: 'Passed', failed: 'Failed', pending: 'Pending', unknown: 'Unknown' },
    local: {
      unknown: 'Cannot be confirmed',
      unknownText:
        'Nothing found is wrong, but some checks could not be completed. Do not treat this file as valid until they can.',
      unknownExplained:
        '“Unknown” means this page could not decide, never that the check passed: a source did not answer, or two sources disagreed. Try again later, or check the file with the certa-verify tool.',
      ranHere: 'Checked in your browser, on your file',
      ranAtPlatform: 'Answered by the platform',
      recipientHeading: 'Whom the document names',
      recipientText:
        'Read from the signed record inside your file (not from the platform): only whoever holds the file sees this.',
      recipientLabel: 'Recipient',
      sourceAnswered: '{source}: block {height} has Merkle root {root}',
      sourceSilent: '{source}: no answer for block {height}',
      messages: {
        issued_file:
          'The platform issued exactly this file (its SHA-256 fingerprint was computed here).',
        unknown_file:
          'The platform did not issue this exact file: it was changed, or it comes from elsewhere.',
        platform_unreachable: 'Unknown: the platform could not be asked about this file.',
        signature_unreadable: 'The PDF cannot be read to find its signature.',
        unsigned: 'The PDF carries no signature.',
        signature_invalid: 'The PDF signature is broken: the signed bytes were changed.',
        signature_partial:
          'The PDF was changed after it was signed: the signature does not cover the whole file.',
        signature_timestamp_invalid:
          'The PDF signature’s RFC 3161 timestamp does not verify: it is not a timestamp authority’s signature over this signature.',
        signer_not_checked:
          'The signature verifies over the whole file, but whether the platform’s certificate signed it is unknown: its published certificates could not be fetched.',
        signed_by_other:
          'Signed over the whole file, but by a certificate the platform does not publish.',
        signed_by_platform:
          'Signed (PAdES) over the whole file with the platform’s published certificate.',
        record_unreadable: 'The PDF cannot be read to find its embedded record.',
        no_record: 'The PDF carries no embedded record.',
        record_invalid:
          'The record embedded in the PDF does not verify: it was altered or its signature is broken.',
        record_replaced: 'The record embedded in the PDF was replaced after the file was signed.',
        record_signer_mismatch:
          'The record embedded in the PDF is signed by another certificate than the PDF.',
        record_mismatch: 'The record embedded in the PDF names another document.',
        record_signed:
          'The record embedded in the PDF is signed with the PDF’s certificate and names this document.',
        issuer_profile_unavailable: 'Unknown: the issuer’s published profile could not be fetched.',
        issuer_not_named: 'Unknown: the platform names no issuer for a file it did not issue.',
        issuer_mismatch: 'The record names another issuer than the one the platform publishes.',
        issuer_verified: 'Issued by {issuer}, whose identity the platform checked.',
        no_verified_record: 'Unknown: without a verified record, the status lists cannot be read.',
        no_status_list_entry: 'Unknown: the record names no status list.',
        status_list_missing: 'Unknown: the issuer’s status list could not be fetched or verified.',
        status_list_foreign: 'The status list is not signed by the document’s signer.',
        revoked: 'Revoked: the issuer’s signed revocation list says so.',
        suspended: 'Suspended: the issuer’s signed suspension list says so.',
        expired: 'Expired.',
        active: 'Not revoked nor suspended in the issuer’s signed lists, and not expired.',
        no_proof: 'Unknown: there is no timestamp proof for this file yet.',
        proof_mismatch: 'The timestamp proof is for another file, not this one.',
        proof_unreadable: 'The timestamp proof cannot be read.',
        header_sources_missing: 'Unknown: two independent Bitcoin header sources are needed.',
        proof_invalid: 'The timestamp proof does not verify against Bitcoin.',
        anchored_in_bitcoin:
          'Existed by {time}: anchored in Bitcoin block {height}, checked here against {sources}.',
        bitcoin_unavailable:
          'Unknown: the Bitcoin block headers could not be obtained from both sources, or they disagree.',
        anchor_pending: 'Sent for anchoring on Bitcoin; waiting for a block to confirm it.',
        no_checkable_attestation: 'Unknown: the proof has no attestation this page can check.',
      },
    },
  },
  notFound: {
    document: {
      title: 'Document not found',
      heading: 'Document not found',
      text: 'There is no document with this id. Check that you opened the complete link or scanned the right QR code.',
    },
    issuer: {
      title: 'Issuer not found',
      heading: 'Issuer not found',
      text: 'No approved issuer has this id. Check that you followed the complete link.',
    },
    page: {
      title: 'Page not found',
      heading: 'Page not found',
      text: 'There is no page at this address. Check the address, or start again from the home page.',
    },
    homeLink: 'Home page',
    verifyLink: 'Verify a document by its file',
  },
  account: {
    noscript:
      'This page needs JavaScript: your browser reads the secret part of your link itself, so that it is never sent in a web address.',
    logInLink: 'Log in',
    emailLabel: 'E-mail address',
    newPasswordLabel: 'New password',
    passwordRules:
      'At least 12 characters; spaces and any characters are welcome. Commonly used passwords and your e-mail address are refused.',
    confirmPasswordLabel: 'New password again',
    signUp: {
      title: 'Create an account',
      heading: 'Create an account',
      intro:
        'Enter your e-mail address: we send you a link to confirm it and choose your password. With an account you can create an organisation and apply to issue documents.',
      submit: 'Send me the link',
      forgotPassword: 'Forgotten your password?',
    },
    confirm: {
      title: 'Choose your password',
      heading: 'Choose your password',
      intro:
        'Your e-mail address is confirmed by this link. Choose a password to create your account.',
      recoveryHeading: 'Before you create your account',
      recoveryText:
        'When you create an organisation, you will be shown its recovery key once. Write it down and keep it safe: it is never shown again and we cannot recover it.',
      recoveryWithout:
        'Without it, if every member’s password is lost, the pending documents stay readable only through the recipients’ own links.',
      submit: 'Create my account',
      doneHeading: 'Your account is ready',
      doneText: 'You can now log in with your e-mail address and your new password.',
    },
    reset: {
      title: 'Reset your password',
      heading: 'Reset your password',
      requestIntro:
        'Enter the e-mail address of your account: we send you a link to choose a new password.',
      requestSubmit: 'Send me the link',
      chooseIntro:
        'Choose a new password. Every session of your account will be ended and you will log in again.',
      codeLabel: 'Two-factor code (only if your account uses two-factor authentication)',
      codeHint: 'The 6-digit code from your authenticator app, or one of your recovery codes.',
      recoveryLegend: 'Organisation recovery key (optional)',
      recoveryText:
        'Your forgotten password also protected your copy of your organisations’ keys. Enter an organisation’s recovery key to keep access to its recipients’ data; without it, another member must confirm you again.',
      organisationIdLabel: 'Organisation id',
      recoveryKeyLabel: 'Recovery key',
      recoveryKeyHint:
        'If the organisation’s key was replaced since, you have one recovery key per key: enter them all, separated by spaces.',
      submit: 'Set my new password',
      doneHeading: 'Your password is changed',
      doneText: 'Every session of your account was ended. Log in with your new password.',
      newLink: 'Ask for a new link',
    },
    invitation: {
      title: 'Accept an invitation',
      heading: 'Accept an invitation',
      intro: 'You were invited to join an organisation on Certa.',
      newAccountPassword: 'Choose a password for your new account',
      existingAccountPassword: 'Password of your Certa account',
      newAccountText: 'There is no Certa account for your address yet: accepting creates one.',
      submit: 'Accept the invitation',
      doneHeading: 'You have joined the organisation',
      doneText: 'Log in with your e-mail address and your password to start.',
      keyAccessText:
        'To read recipients’ data, a member who has unlocked the organisation must first confirm you.',
    },
    script: {
      missingToken:
        'This link is incomplete: the part after the # sign is missing or damaged. Open the link from your e-mail exactly as you received it.',
      working: 'Please wait…',
      loading: 'Loading the invitation…',
      emailMissing: 'Enter your e-mail address.',
      passwordMissing: 'Enter a password.',
      mismatch: 'The two passwords are not the same.',
      signUpSent:
        'Check your inbox: if this address can be used, we have sent it an e-mail. The link in it works for 24 hours.',
      resetSent:
        'Check your inbox: we have sent an e-mail to this address. If an account uses it, the e-mail has a link that works for 1 hour.',
      invited: 'You are invited to join {organisation} as {role}.',
      recovered: 'Access to the keys of these organisations was restored: {list}.',
      keyAccessLost:
        'You no longer hold the keys of these organisations; another member must confirm you again: {list}.',
      nothingLost: 'You did not hold any organisation key, so nothing was lost.',
      recoveryPairIncomplete: 'Enter both the organisation id and its recovery key, or neither.',
      roles: { owner: 'owner', admin: 'administrator', operator: 'operator', viewer: 'viewer' },
      errors: {
        LINK_INVALID:
          'This link is not valid any more: it was already used, it has expired, or it is incomplete. Ask for a new one.',
        WRONG_PASSWORD: 'The password is not correct.',
        WRONG_CODE: 'The two-factor code is not correct. Wait for a new code and try again.',
        SECOND_FACTOR_REQUIRED:
          'Your account uses two-factor authentication: enter a code from your app or a recovery code.',
        INVALID_EMAIL: 'Enter a valid e-mail address, like name@example.org.',
        RECOVERY_KEY:
          'The recovery key for organisation {organisation} does not open its keys, or you are not a member of it. Nothing was changed.',
        too_short: 'The password must be at least 12 characters long.',
        too_long: 'The password must be at most 128 characters long.',
        common: 'This password is on the list of commonly used passwords; please choose another.',
        like_email: 'The password must not be your e-mail address.',
        CONFLICT: 'Your account changed meanwhile. Ask for a new link and try again.',
        ALREADY_MEMBER: 'You are already a member of this organisation.',
        UPSTREAM_FAILED: 'The e-mail could not be sent. Try again in a few minutes.',
        RATE_LIMITED_ONE: 'Too many attempts. Try again in 1 minute.',
        RATE_LIMITED_MANY: 'Too many attempts. Try again in {minutes} minutes.',
        RATE_LIMITED_LATER: 'Too many attempts. Try again in a few minutes.',
        NETWORK: 'The server could not be reached. Check your connection and try again.',
        GENERIC: 'Something went wrong on our side. Try again in a moment.',
      },
    },
  },
};

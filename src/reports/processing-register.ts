import type { ProcessingFacts } from './processing-facts.js';

/** A place personal data is kept, or an outside party that receives some. */
export interface Recipient {
  name: string;
  role: 'processor' | 'public';
  where: string;
  receives: string;
}

/** One processing activity of the register (GDPR art. 30). */
export interface ProcessingActivity {
  id: string;
  name: string;
  purposes: string[];
  legalBasis: string;
  dataSubjects: string[];
  dataCategories: string[];
  storage: string[];
  retention: string;
  recipients: Recipient[];
  transfers: string;
  security: string[];
}

/** The register of processing, generated from this installation's configuration. */
export interface ProcessingRegister {
  generatedAt: string;
  controller: string;
  installation: {
    publicUrl: string;
    database: string;
    fileStore: string;
    mail: string;
    anchoring: string;
  };
  activities: ProcessingActivity[];
}

function databaseOf(facts: ProcessingFacts): string {
  return facts.database.kind === 'sqlite'
    ? `SQLite database file ${facts.database.file} (mode 0600)`
    : `PostgreSQL server ${facts.database.server}`;
}

function mailOf(facts: ProcessingFacts): string {
  if (facts.mail.transport === 'smtp') return `SMTP relay ${facts.mail.relay}`;
  const retention =
    facts.mail.retentionHours === null
      ? ''
      : `, unsent e-mails deleted after ${facts.mail.retentionHours} h`;
  return `outbox spool ${facts.mail.directory} drained by the operator (files 0600${retention})`;
}

function anchoringOf(facts: ProcessingFacts): string {
  if (facts.anchoring.backends.length === 0) return 'off (digests stay queued)';
  return `${facts.anchoring.backends.join(' and ')}; block headers from ${facts.anchoring.headerSource}`;
}

/** Who receives anything when e-mails leave: the relay, or the operator draining the spool. */
function mailRecipient(facts: ProcessingFacts): Recipient {
  return facts.mail.transport === 'smtp'
    ? {
        name: 'SMTP relay',
        role: 'processor',
        where: facts.mail.relay,
        receives:
          'recipient name and e-mail address, issuer name, document title, the activation link (its secret in the link fragment)',
      }
    : {
        name: 'Outbox spool (operator)',
        role: 'processor',
        where: facts.mail.directory,
        receives: 'the e-mails until the operator hands them to a mail system',
      };
}

function anchoringRecipients(facts: ProcessingFacts): Recipient[] {
  const recipients: Recipient[] = [];
  if (facts.anchoring.backends.includes('calendars'))
    for (const calendar of facts.anchoring.calendars)
      recipients.push({
        name: 'OpenTimestamps calendar',
        role: 'public',
        where: calendar,
        receives: 'the Merkle root of a batch of SHA-256 digests (no personal data)',
      });
  if (facts.anchoring.bitcoinNode !== null)
    recipients.push({
      name: 'Bitcoin node (operator’s own)',
      role: 'processor',
      where: facts.anchoring.bitcoinNode,
      receives: 'a transaction committing to a batch root (no personal data)',
    });
  if (facts.anchoring.backends.length > 0)
    recipients.push({
      name: 'Bitcoin blockchain',
      role: 'public',
      where: 'worldwide, public and permanent',
      receives: 'a 32-byte commitment to a batch root (no personal data)',
    });
  if (facts.timestampAuthority !== null)
    recipients.push({
      name: 'RFC 3161 timestamp authority',
      role: 'processor',
      where: facts.timestampAuthority,
      receives: 'the SHA-256 of each PDF signature (no personal data)',
    });
  return recipients;
}

/**
 * The register of processing (GDPR art. 30) of this installation, from its configuration: what
 * is processed, why, on which legal basis, where it is kept, for how long, and which outside
 * services receive what. The operator completes the controller's identity and contact; the rest
 * follows the code (DESIGN §3).
 */
export function buildProcessingRegister(
  facts: ProcessingFacts,
  generatedAt: string,
): ProcessingRegister {
  const database = databaseOf(facts);
  const fileStore = `local file store ${facts.storage.directory} (files 0600, directory 0700)`;
  const encrypted =
    'AES-256-GCM under a random key per document, wrapped for the recipient’s link secret and the issuer’s organisation key (X25519); pending data also under the master key held outside the data directory';
  return {
    generatedAt,
    controller: `The operator of ${facts.publicUrl} (platform and accounts); each issuer for its recipients’ data`,
    installation: {
      publicUrl: facts.publicUrl,
      database,
      fileStore,
      mail: mailOf(facts),
      anchoring: anchoringOf(facts),
    },
    activities: [
      {
        id: 'documents',
        name: 'Issuing certified documents and delivering them to their holders',
        purposes: [
          'issue the document the issuer recorded',
          'e-mail the holder a link to activate it',
          'generate, sign and keep the PDF for its holder',
        ],
        legalBasis:
          'performance of a contract or a public task of the issuer (art. 6(1)(b)/(e)); the holder accepts the recipient terms at activation',
        dataSubjects: ['document holders (recipients)'],
        dataCategories: [
          'name and e-mail address',
          'the document’s title and fields (e.g. degree, grade)',
          'the signed PDF',
        ],
        storage: [`${database}: encrypted records`, `${fileStore}: encrypted PDFs`, encrypted],
        retention:
          'each issuer’s retention rules (documents never activated, activated documents), run as a job; the holder or the issuer can erase earlier (crypto-shredding)',
        recipients: [
          mailRecipient(facts),
          {
            name: 'The issuer’s users',
            role: 'processor',
            where: facts.publicUrl,
            receives: 'the recipient data, after re-entering their password (unlock)',
          },
        ],
        transfers:
          facts.mail.transport === 'smtp'
            ? `only through the SMTP relay ${facts.mail.relay}: check its location and contract`
            : 'none by the platform (the operator hands the spool to a mail system)',
        security: [encrypted, 'the secret of the link never reaches the server in a URL'],
      },
      {
        id: 'verification',
        name: 'Public verification and Bitcoin anchoring',
        purposes: ['let anyone holding the PDF check it', 'prove when it existed'],
        legalBasis:
          'legitimate interest of issuers and holders in verifiable documents (art. 6(1)(f))',
        dataSubjects: ['none: only digests and salted commitments are published'],
        dataCategories: ['SHA-256 digests of PDFs', 'salted commitments to records'],
        storage: [database],
        retention: 'permanent (they reveal nothing without the PDF; erasure keeps them valid)',
        recipients: anchoringRecipients(facts),
        transfers: 'digests only (not personal data) to the calendars and the public blockchain',
        security: ['random salt in every commitment'],
      },
      {
        id: 'accounts',
        name: 'Accounts of issuer users and platform admins',
        purposes: ['authenticate', 'secure access (two-factor, sessions, throttling)'],
        legalBasis: 'contract (art. 6(1)(b)); security as a legitimate interest (art. 6(1)(f))',
        dataSubjects: ['issuer users', 'platform admins'],
        dataCategories: [
          'e-mail address',
          'password hash (Argon2id)',
          'TOTP secret (encrypted)',
          'sessions: browser summary and network truncated to /24 or /48',
        ],
        storage: [database],
        retention: `sessions end after ${facts.sessionTtlMinutes} min (idle ${facts.sessionIdleMinutes} min), unlocks after ${facts.unlockTtlMinutes} min; accounts until closed`,
        recipients: [mailRecipient(facts)],
        transfers:
          facts.mail.transport === 'smtp'
            ? `account e-mails through the SMTP relay ${facts.mail.relay}`
            : 'none',
        security: [
          'Argon2id',
          'two-factor authentication required of owners, admins and platform admins',
        ],
      },
      {
        id: 'issuer-review',
        name: 'Review of issuer applications',
        purposes: ['check an issuer’s identity and domain before it may issue'],
        legalBasis: 'legitimate interest in trustworthy issuers (art. 6(1)(f))',
        dataSubjects: ['issuer representatives'],
        dataCategories: ['organisation details', 'evidence documents uploaded by the applicant'],
        storage: [database, fileStore],
        retention: 'as long as the organisation exists on the platform',
        recipients: [
          {
            name: 'Platform admins',
            role: 'processor',
            where: facts.publicUrl,
            receives: 'the application and its evidence',
          },
        ],
        transfers: 'none',
        security: ['evidence views are recorded in the audit trail'],
      },
      {
        id: 'consent',
        name: 'Terms versions and consent records',
        purposes: ['show which terms each person accepted (art. 7(1))'],
        legalBasis:
          'legal obligation to demonstrate consent and accountability (art. 5(2), 6(1)(c))',
        dataSubjects: ['document holders', 'issuer users'],
        dataCategories: [
          'user id or document id, terms version, language shown, time and method — no name or address',
        ],
        storage: [database],
        retention: 'as long as the account or the document',
        recipients: [],
        transfers: 'none',
        security: ['ids only'],
      },
      {
        id: 'audit',
        name: 'Audit trail',
        purposes: ['accountability and security: who did what, provably unchanged'],
        legalBasis: 'legitimate interest and accountability (art. 5(2), 6(1)(f))',
        dataSubjects: ['users (by public id)', 'holders (by document id)'],
        dataCategories: ['ids, pseudonyms, action codes and times — never personal data'],
        storage: [database],
        retention: 'permanent: entries hold no personal data, so erasure never touches them',
        recipients: anchoringRecipients(facts).filter((recipient) => recipient.role === 'public'),
        transfers: 'the chain’s head is anchored with each batch (a digest only)',
        security: ['hash-chained entries; `certa audit verify` names the first broken link'],
      },
    ],
  };
}

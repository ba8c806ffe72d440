import type { Locale } from '../../i18n/locale.js';
import { LOCALES } from '../../i18n/locale.js';
import type { MailMessage } from '../mailer.js';
import { plainEmail } from './plain-email.js';

/*
 * The e-mails an organisation's owners and admins get when a platform admin decides on its
 * verification application: approved, rejected (with the reason), more information needed (with
 * the reviewer's message), suspended (with the reason). They name the organisation, never a
 * person. Accounts have no language preference yet, so each e-mail carries English then French.
 */

export type ApplicationDecision = 'approved' | 'rejected' | 'more_info_requested' | 'suspended';

interface DecisionTexts {
  subject: (organisation: string) => string;
  lines: (organisation: string) => string[];
  /** Introduces the reviewer's reason or message; none for an approval. */
  reason?: string;
  after?: string[];
}

const TEXTS: Record<ApplicationDecision, Record<Locale, DecisionTexts>> = {
  approved: {
    en: {
      subject: (organisation) => `${organisation} is now a verified issuer on Certa`,
      lines: (organisation) => [
        `A platform admin has checked and approved the verification application of ${organisation}.`,
        'Your organisation can now issue documents, and its public issuer profile shows what was verified.',
      ],
    },
    fr: {
      subject: (organisation) => `${organisation} est désormais un émetteur vérifié sur Certa`,
      lines: (organisation) => [
        `Un administrateur de la plateforme a vérifié et approuvé la demande de vérification de ${organisation}.`,
        'Votre organisation peut désormais délivrer des documents, et son profil public d’émetteur indique ce qui a été vérifié.',
      ],
    },
  },
  rejected: {
    en: {
      subject: (organisation) => `The verification application of ${organisation} was rejected`,
      lines: (organisation) => [
        `A platform admin has reviewed the verification application of ${organisation} and rejected it.`,
      ],
      reason: 'Reason given by the reviewer:',
      after: [
        'Your organisation cannot issue documents. Reply to the platform operator if you think this is a mistake.',
      ],
    },
    fr: {
      subject: (organisation) => `La demande de vérification de ${organisation} a été refusée`,
      lines: (organisation) => [
        `Un administrateur de la plateforme a examiné la demande de vérification de ${organisation} et l’a refusée.`,
      ],
      reason: 'Motif indiqué par l’examinateur :',
      after: [
        'Votre organisation ne peut pas délivrer de documents. Contactez l’opérateur de la plateforme si vous pensez qu’il s’agit d’une erreur.',
      ],
    },
  },
  more_info_requested: {
    en: {
      subject: (organisation) => `More information is needed for ${organisation}`,
      lines: (organisation) => [
        `A platform admin has reviewed the verification application of ${organisation} and needs more information.`,
      ],
      reason: 'Message from the reviewer:',
      after: [
        'Complete the application (fields, evidence files or domain proof) and submit it again.',
      ],
    },
    fr: {
      subject: (organisation) =>
        `Des informations supplémentaires sont nécessaires pour ${organisation}`,
      lines: (organisation) => [
        `Un administrateur de la plateforme a examiné la demande de vérification de ${organisation} et a besoin d’informations supplémentaires.`,
      ],
      reason: 'Message de l’examinateur :',
      after: [
        'Complétez la demande (champs, justificatifs ou preuve de domaine) puis soumettez-la de nouveau.',
      ],
    },
  },
  suspended: {
    en: {
      subject: (organisation) => `${organisation} has been suspended on Certa`,
      lines: (organisation) => [`A platform admin has suspended ${organisation} as an issuer.`],
      reason: 'Reason given by the platform admin:',
      after: [
        'Your organisation cannot issue documents while it is suspended. Documents already issued stay verifiable.',
      ],
    },
    fr: {
      subject: (organisation) => `${organisation} a été suspendue sur Certa`,
      lines: (organisation) => [
        `Un administrateur de la plateforme a suspendu ${organisation} en tant qu’émetteur.`,
      ],
      reason: 'Motif indiqué par l’administrateur :',
      after: [
        'Votre organisation ne peut pas délivrer de documents tant qu’elle est suspendue. Les documents déjà délivrés restent vérifiables.',
      ],
    },
  },
};

/** The lines of one decision e-mail in one language. */
function linesFor(
  decision: ApplicationDecision,
  locale: Locale,
  organisation: string,
  reason: string | null,
): string[] {
  const texts = TEXTS[decision][locale];
  return [
    ...texts.lines(organisation),
    ...(texts.reason !== undefined && reason !== null ? [texts.reason, reason] : []),
    ...(texts.after ?? []),
  ];
}

/**
 * The e-mail telling one owner or admin of a decision, in English and French. `reason` is the
 * reviewer's text as entered (rejection, request for information, suspension). `url` is where
 * the link goes: the issuer's public profile for an approval, the platform otherwise.
 */
export function applicationDecisionEmail(input: {
  to: string;
  decision: ApplicationDecision;
  organisationName: string;
  reason: string | null;
  url: string;
}): MailMessage {
  const [first, ...others] = LOCALES;
  const subjects = LOCALES.map((locale) =>
    TEXTS[input.decision][locale].subject(input.organisationName),
  );
  const lines = [
    ...linesFor(input.decision, first, input.organisationName, input.reason),
    ...others.flatMap((locale) => [
      '—',
      ...linesFor(input.decision, locale, input.organisationName, input.reason),
    ]),
  ];
  return plainEmail({
    to: input.to,
    locale: first,
    subject: subjects.join(' / '),
    lines,
    link: {
      url: input.url,
      label:
        input.decision === 'approved'
          ? 'Public issuer profile / Profil public de l’émetteur'
          : 'Certa',
    },
  });
}

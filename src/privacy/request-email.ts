import type { Locale } from '../i18n/locale.js';
import type { MailMessage } from '../mail/mailer.js';
import { plainEmail } from '../mail/templates/plain-email.js';

const TEXTS: Record<Locale, { subject: string; lines: string[]; button: string; footer: string }> =
  {
    en: {
      subject: 'Your request about the documents issued to this address',
      lines: [
        'Someone, probably you, asked what Certa holds about the documents issued to this e-mail address.',
        'Open the link below within one hour to see them, and to export or erase your data. The link works for one export or one erasure.',
      ],
      button: 'See my documents',
      footer:
        'If you did not ask, ignore this e-mail: nothing is shown or changed without the link.',
    },
    fr: {
      subject: 'Votre demande sur les documents émis à cette adresse',
      lines: [
        "Quelqu'un, sans doute vous, a demandé ce que Certa conserve sur les documents émis à cette adresse e-mail.",
        "Ouvrez le lien ci-dessous dans l'heure pour les voir, et pour exporter ou effacer vos données. Le lien sert à un export ou à un effacement.",
      ],
      button: 'Voir mes documents',
      footer:
        "Si vous n'avez rien demandé, ignorez cet e-mail : rien n'est montré ni modifié sans le lien.",
    },
  };

/** The lost-link confirmation: names no one, its token in the link's fragment. */
export function recipientRequestEmail(input: {
  to: string;
  url: string;
  locale: Locale;
}): MailMessage {
  const texts = TEXTS[input.locale];
  return plainEmail({
    to: input.to,
    locale: input.locale,
    subject: texts.subject,
    lines: texts.lines,
    link: { url: input.url, label: texts.button },
    footer: texts.footer,
  });
}

const NOTHING: Record<Locale, { subject: string; lines: string[] }> = {
  en: {
    subject: 'Your request about the documents issued to this address',
    lines: [
      'Someone, probably you, asked what Certa holds about the documents issued to this e-mail address.',
      'No document on this platform is issued to this address (or their data were erased). If a document was sent to another address of yours, ask again with that one.',
    ],
  },
  fr: {
    subject: 'Votre demande sur les documents émis à cette adresse',
    lines: [
      "Quelqu'un, sans doute vous, a demandé ce que Certa conserve sur les documents émis à cette adresse e-mail.",
      "Aucun document de cette plateforme n'est émis à cette adresse (ou leurs données ont été effacées). Si un document a été envoyé à une autre de vos adresses, refaites la demande avec celle-ci.",
    ],
  },
};

/** The same request when no document matches: the same subject, and nothing to open. */
export function recipientRequestNothingEmail(input: { to: string; locale: Locale }): MailMessage {
  const texts = NOTHING[input.locale];
  return plainEmail({
    to: input.to,
    locale: input.locale,
    subject: texts.subject,
    lines: texts.lines,
  });
}

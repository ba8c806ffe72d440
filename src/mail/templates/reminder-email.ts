import type { Locale } from '../../i18n/locale.js';
import type { MailWithImages } from '../compose-message.js';
import { linkEmail, type ActivationEmailInput, type LinkEmailTexts } from './activation-email.js';

const TEXTS: Record<Locale, LinkEmailTexts> = {
  en: {
    subject: (issuer) => `Reminder: your document from ${issuer} is waiting for you`,
    lines: (issuer, title) => [
      `${issuer} issued you a certified document, “${title}”, and it has not been activated yet.`,
      'Open the link below to read the terms and activate it: it takes a minute. Until then, your data stays encrypted and nobody at the platform can read it.',
      'This message carries a new link: any link you received earlier no longer works.',
    ],
    button: 'Activate my document',
    footer:
      'This link is personal: do not forward it. If you do not want this document, ignore this e-mail; the issuer can stop the reminders.',
  },
  fr: {
    subject: (issuer) => `Rappel : votre document de ${issuer} vous attend`,
    lines: (issuer, title) => [
      `${issuer} vous a délivré un document certifié, « ${title} », qui n'a pas encore été activé.`,
      "Ouvrez le lien ci-dessous pour lire les conditions et l'activer : cela prend une minute. D'ici là, vos données restent chiffrées et personne sur la plateforme ne peut les lire.",
      'Ce message contient un nouveau lien : tout lien reçu auparavant ne fonctionne plus.',
    ],
    button: 'Activer mon document',
    footer:
      "Ce lien est personnel : ne le transférez pas. Si vous ne voulez pas de ce document, ignorez cet e-mail ; l'émetteur peut arrêter les rappels.",
  },
};

/**
 * The reminder for a document not activated after the issuer's chosen days (issue 12): the same
 * layout as the activation e-mail, its own wording, a NEW link (a reminder re-keys the document,
 * DESIGN §3, so it says that older links stopped working). Names the issuer and the document,
 * not the recipient.
 */
export function reminderEmail(input: ActivationEmailInput): MailWithImages {
  return linkEmail(TEXTS, input);
}

import type { Locale } from '../../i18n/locale.js';
import type { MailWithImages } from '../compose-message.js';
import { plainEmail } from './plain-email.js';
import type { EmailLogo } from './plain-email.js';

export interface ActivationEmailInput {
  to: string;
  issuerName: string;
  title: string;
  activationUrl: string;
  locale: Locale;
  /** The issuer's logo, shown inline at the top (`src/issuers/email-logo.ts`); none when absent. */
  logo?: EmailLogo | null;
}

/** The wording of an e-mail that carries an activation link, in one language. */
export interface LinkEmailTexts {
  subject: (issuer: string) => string;
  lines: (issuer: string, title: string) => string[];
  button: string;
  footer: string;
}

const TEXTS: Record<Locale, LinkEmailTexts> = {
  en: {
    subject: (issuer) => `${issuer} has issued you a document`,
    lines: (issuer, title) => [
      `${issuer} has issued you a certified document: “${title}”.`,
      'Open the link below to read the terms and activate it. Your document is generated when you activate it; until then, your data stays encrypted and nobody at the platform can read it.',
    ],
    button: 'Activate my document',
    footer:
      'This link is personal: do not forward it. If you lose it, ask the issuer to send a new one.',
  },
  fr: {
    subject: (issuer) => `${issuer} vous a délivré un document`,
    lines: (issuer, title) => [
      `${issuer} vous a délivré un document certifié : « ${title} ».`,
      "Ouvrez le lien ci-dessous pour lire les conditions et l'activer. Votre document est généré lors de l'activation ; d'ici là, vos données restent chiffrées et personne sur la plateforme ne peut les lire.",
    ],
    button: 'Activer mon document',
    footer:
      "Ce lien est personnel : ne le transférez pas. Si vous le perdez, demandez à l'émetteur de vous en envoyer un nouveau.",
  },
};

/**
 * The e-mail that carries a recipient's activation link. It names the issuer and the document,
 * not the recipient: the less personal data sits in mailboxes and spools, the better.
 */
export function activationEmail(input: ActivationEmailInput): MailWithImages {
  return linkEmail(TEXTS, input);
}

/**
 * An e-mail carrying an activation link with `texts` in the input's language: the issuer as
 * sender (name, inline logo), the link as a button and as text (src/mail/templates/plain-email.ts).
 */
export function linkEmail(
  texts: Record<Locale, LinkEmailTexts>,
  input: ActivationEmailInput,
): MailWithImages {
  const words = texts[input.locale];
  return plainEmail({
    to: input.to,
    locale: input.locale,
    sender: { name: input.issuerName, logo: input.logo ?? null },
    subject: words.subject(input.issuerName),
    lines: words.lines(input.issuerName, input.title),
    link: { url: input.activationUrl, label: words.button },
    footer: words.footer,
  });
}

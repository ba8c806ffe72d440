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

const TEXTS: Record<
  Locale,
  {
    subject: (issuer: string) => string;
    lines: (issuer: string, title: string) => string[];
    button: string;
    footer: string;
  }
> = {
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
  const texts = TEXTS[input.locale];
  return plainEmail({
    to: input.to,
    locale: input.locale,
    sender: { name: input.issuerName, logo: input.logo ?? null },
    subject: texts.subject(input.issuerName),
    lines: texts.lines(input.issuerName, input.title),
    link: { url: input.activationUrl, label: texts.button },
    footer: texts.footer,
  });
}

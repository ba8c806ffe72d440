import type { MemberRole } from '../../db/tables/users.table.js';
import type { Locale } from '../../i18n/locale.js';
import type { MailMessage } from '../mailer.js';
import { plainEmail } from './plain-email.js';

/*
 * The invitation to join an organisation. It names the organisation and the role, never the
 * person who invited; the link carries its single-use token in the fragment.
 */

const ROLE_NAMES: Record<Locale, Record<MemberRole, string>> = {
  en: { owner: 'an owner', admin: 'an administrator', operator: 'an operator', viewer: 'a viewer' },
  fr: { owner: 'propriétaire', admin: 'administrateur', operator: 'opérateur', viewer: 'lecteur' },
};

const ROLE_DUTIES: Record<Locale, Record<MemberRole, string>> = {
  en: {
    owner: 'manage the organisation and its members, issue and revoke documents',
    admin: 'manage the organisation and its members, issue and revoke documents',
    operator: 'issue and revoke documents',
    viewer: 'see the documents',
  },
  fr: {
    owner: 'gérer l’organisation et ses membres, émettre et révoquer des documents',
    admin: 'gérer l’organisation et ses membres, émettre et révoquer des documents',
    operator: 'émettre et révoquer des documents',
    viewer: 'consulter les documents',
  },
};

export function invitationEmail(input: {
  to: string;
  locale: Locale;
  organisationName: string;
  role: MemberRole;
  link: string;
  expiresInDays: number;
}): MailMessage {
  const role = ROLE_NAMES[input.locale][input.role];
  const duties = ROLE_DUTIES[input.locale][input.role];
  if (input.locale === 'fr') {
    return plainEmail({
      to: input.to,
      locale: 'fr',
      subject: `Invitation à rejoindre ${input.organisationName} sur Certa`,
      lines: [
        `Vous êtes invité à rejoindre l’organisation « ${input.organisationName} » sur Certa en tant que ${role} : vous pourrez ${duties}.`,
        `Ouvrez le lien ci-dessous dans les ${input.expiresInDays} jours pour accepter. Si vous n’avez pas encore de compte avec cette adresse, vous choisirez votre mot de passe ; sinon, saisissez celui de votre compte. Le lien ne fonctionne qu’une fois.`,
        'Pour lire les données des destinataires, un membre de l’organisation devra ensuite vous confirmer.',
      ],
      link: { url: input.link, label: 'Accepter l’invitation' },
      footer:
        'Si vous ne vous attendiez pas à cette invitation, ignorez cet e-mail : rien ne se passe sans vous.',
    });
  }
  return plainEmail({
    to: input.to,
    locale: 'en',
    subject: `Invitation to join ${input.organisationName} on Certa`,
    lines: [
      `You are invited to join the organisation “${input.organisationName}” on Certa as ${role}: you will be able to ${duties}.`,
      `Open the link below within ${input.expiresInDays} days to accept. If you have no account with this address yet, you will choose your password; otherwise, enter the password of your account. The link works once.`,
      'To read recipients’ data, a member of the organisation will then need to confirm you.',
    ],
    link: { url: input.link, label: 'Accept the invitation' },
    footer:
      'If you did not expect this invitation, ignore this e-mail: nothing happens without you.',
  });
}

import type { Locale } from '../../i18n/locale.js';
import type { MailMessage } from '../mailer.js';
import { plainEmail } from './plain-email.js';

/*
 * The account e-mails: sign-up link, "you already have an account" notice, password-reset link,
 * "no account uses this address" notice, "your password was changed" notice. They name no one and carry no personal data beyond the
 * address they go to; links carry their token in the fragment.
 */

interface AccountTexts {
  subject: string;
  lines: string[];
  button?: string;
  footer: string;
}

const SIGN_UP: Record<Locale, AccountTexts> = {
  en: {
    subject: 'Confirm your e-mail address to create your Certa account',
    lines: [
      'Someone, probably you, asked to create a Certa account with this e-mail address.',
      'Open the link below within 24 hours to confirm the address and choose your password. The link works once.',
    ],
    button: 'Confirm and create my account',
    footer: 'If you did not ask for an account, ignore this e-mail: no account is created.',
  },
  fr: {
    subject: 'Confirmez votre adresse e-mail pour créer votre compte Certa',
    lines: [
      "Quelqu'un, sans doute vous, a demandé à créer un compte Certa avec cette adresse e-mail.",
      "Ouvrez le lien ci-dessous dans les 24 heures pour confirmer l'adresse et choisir votre mot de passe. Le lien ne fonctionne qu'une fois.",
    ],
    button: 'Confirmer et créer mon compte',
    footer: "Si vous n'avez pas demandé de compte, ignorez cet e-mail : aucun compte n'est créé.",
  },
};

const SIGN_UP_NOTICE: Record<Locale, AccountTexts> = {
  en: {
    subject: 'Someone tried to sign up to Certa with your address',
    lines: [
      'Someone tried to create a new Certa account with this e-mail address, but you already have an account.',
      'If it was you, log in with your password. If you have forgotten it, reset it with the link below.',
    ],
    button: 'Reset my password',
    footer: 'If it was not you, ignore this e-mail: nothing was changed in your account.',
  },
  fr: {
    subject: "Quelqu'un a tenté de s'inscrire sur Certa avec votre adresse",
    lines: [
      "Quelqu'un a tenté de créer un nouveau compte Certa avec cette adresse e-mail, mais vous avez déjà un compte.",
      "Si c'était vous, connectez-vous avec votre mot de passe. Si vous l'avez oublié, réinitialisez-le avec le lien ci-dessous.",
    ],
    button: 'Réinitialiser mon mot de passe',
    footer: "Si ce n'était pas vous, ignorez cet e-mail : rien n'a été modifié dans votre compte.",
  },
};

const PASSWORD_RESET: Record<Locale, AccountTexts> = {
  en: {
    subject: 'Reset your Certa password',
    lines: [
      'Someone, probably you, asked to reset the password of the Certa account with this e-mail address.',
      'Open the link below within 1 hour to choose a new password. The link works once. If your account has two-factor authentication, you will need a code from your app or a recovery code.',
      'Your password also protects your access to your organisations’ keys: to keep it, enter the organisation’s recovery key on the same page. Without it, another member must confirm you again.',
    ],
    button: 'Choose a new password',
    footer: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  },
  fr: {
    subject: 'Réinitialisez votre mot de passe Certa',
    lines: [
      "Quelqu'un, sans doute vous, a demandé à réinitialiser le mot de passe du compte Certa associé à cette adresse e-mail.",
      "Ouvrez le lien ci-dessous dans l'heure pour choisir un nouveau mot de passe. Le lien ne fonctionne qu'une fois. Si votre compte a la double authentification, il vous faudra un code de votre application ou un code de secours.",
      "Votre mot de passe protège aussi votre accès aux clés de vos organisations : pour le garder, saisissez la clé de récupération de l'organisation sur la même page. Sans elle, un autre membre devra de nouveau vous confirmer.",
    ],
    button: 'Choisir un nouveau mot de passe',
    footer: "Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.",
  },
};

const PASSWORD_RESET_NO_ACCOUNT: Record<Locale, AccountTexts> = {
  en: {
    subject: 'Password reset requested for your address on Certa',
    lines: [
      'Someone, probably you, asked to reset the Certa password of this e-mail address, but no Certa account uses it.',
      'If you have an account under another address, ask for the reset with that address. To create an account with this one, sign up with the link below.',
    ],
    button: 'Create an account',
    footer: 'If you did not ask for this, ignore this e-mail.',
  },
  fr: {
    subject: 'Réinitialisation de mot de passe demandée pour votre adresse sur Certa',
    lines: [
      "Quelqu'un, sans doute vous, a demandé à réinitialiser le mot de passe Certa de cette adresse e-mail, mais aucun compte Certa ne l'utilise.",
      'Si vous avez un compte sous une autre adresse, faites la demande avec celle-ci. Pour créer un compte avec cette adresse, inscrivez-vous avec le lien ci-dessous.',
    ],
    button: 'Créer un compte',
    footer: "Si vous n'avez rien demandé, ignorez cet e-mail.",
  },
};

const PASSWORD_CHANGED: Record<Locale, AccountTexts> = {
  en: {
    subject: 'Your Certa password was changed',
    lines: [
      'The password of the Certa account with this e-mail address was just changed, and every session of the account was ended.',
      'If you did not do this, reset your password at once with the link below and tell your organisation’s owner.',
    ],
    button: 'Reset my password',
    footer: 'If it was you, there is nothing more to do.',
  },
  fr: {
    subject: 'Votre mot de passe Certa a été modifié',
    lines: [
      'Le mot de passe du compte Certa associé à cette adresse e-mail vient d’être modifié, et toutes les sessions du compte ont été fermées.',
      "Si ce n'était pas vous, réinitialisez immédiatement votre mot de passe avec le lien ci-dessous et prévenez le propriétaire de votre organisation.",
    ],
    button: 'Réinitialiser mon mot de passe',
    footer: "Si c'était vous, vous n'avez rien d'autre à faire.",
  },
};

function accountEmail(
  texts: AccountTexts,
  input: { to: string; locale: Locale },
  url?: string,
): MailMessage {
  return plainEmail({
    to: input.to,
    locale: input.locale,
    subject: texts.subject,
    lines: texts.lines,
    ...(url === undefined || texts.button === undefined
      ? {}
      : { link: { url, label: texts.button } }),
    footer: texts.footer,
  });
}

/** The sign-up link (`/signup/confirm#<token>`). */
export function signUpEmail(input: { to: string; locale: Locale; link: string }): MailMessage {
  return accountEmail(SIGN_UP[input.locale], input, input.link);
}

/** Sent instead of a sign-up link when the address already has an account. */
export function signUpNoticeEmail(input: {
  to: string;
  locale: Locale;
  passwordResetUrl: string;
}): MailMessage {
  return accountEmail(SIGN_UP_NOTICE[input.locale], input, input.passwordResetUrl);
}

/** The password-reset link (`/password-reset#<token>`). */
export function passwordResetEmail(input: {
  to: string;
  locale: Locale;
  link: string;
}): MailMessage {
  return accountEmail(PASSWORD_RESET[input.locale], input, input.link);
}

/** Sent instead of a reset link when no account uses the address. */
export function passwordResetNoAccountEmail(input: {
  to: string;
  locale: Locale;
  signUpUrl: string;
}): MailMessage {
  return accountEmail(PASSWORD_RESET_NO_ACCOUNT[input.locale], input, input.signUpUrl);
}

/** Tells the account's owner that the password was changed or reset (OWASP ASVS 2.2.3). */
export function passwordChangedEmail(input: {
  to: string;
  locale: Locale;
  passwordResetUrl: string;
}): MailMessage {
  return accountEmail(PASSWORD_CHANGED[input.locale], input, input.passwordResetUrl);
}

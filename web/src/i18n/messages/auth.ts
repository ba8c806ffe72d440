import { defineMessages } from '../catalogue.js';

/** Log-in, second factor, forgotten password. */
export const auth = defineMessages({
  en: {
    login: {
      title: 'Log in to Certa',
      email: 'E-mail address',
      password: 'Password',
      submit: 'Log in',
      codeTitle: 'Two-factor authentication',
      codeHelp:
        'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
      code: 'Code',
      verify: 'Verify',
      forgotten: 'Forgotten your password?',
      noAccount: 'No account yet?',
      signUp: 'Sign up',
      loggedOut: 'You are logged out.',
    },
    forgotten: {
      title: 'Forgotten password',
      help: 'Enter your e-mail address. If it has an account, we send it a link to choose a new password (valid for one hour).',
      email: 'E-mail address',
      submit: 'Send the link',
      sent: 'If an account uses this address, a link is on its way. Check your mailbox.',
      backToLogin: 'Back to log-in',
    },
  },
  fr: {
    login: {
      title: 'Connexion à Certa',
      email: 'Adresse e-mail',
      password: 'Mot de passe',
      submit: 'Se connecter',
      codeTitle: 'Authentification à deux facteurs',
      codeHelp:
        'Saisissez le code à 6 chiffres de votre application d’authentification, ou l’un de vos codes de secours.',
      code: 'Code',
      verify: 'Vérifier',
      forgotten: 'Mot de passe oublié ?',
      noAccount: 'Pas encore de compte ?',
      signUp: 'Créer un compte',
      loggedOut: 'Vous êtes déconnecté.',
    },
    forgotten: {
      title: 'Mot de passe oublié',
      help: 'Saisissez votre adresse e-mail. Si elle a un compte, nous lui envoyons un lien pour choisir un nouveau mot de passe (valable une heure).',
      email: 'Adresse e-mail',
      submit: 'Envoyer le lien',
      sent: 'Si un compte utilise cette adresse, un lien est en route. Consultez votre boîte de réception.',
      backToLogin: 'Retour à la connexion',
    },
  },
});

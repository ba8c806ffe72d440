import { defineMessages } from '../catalogue.js';

/** Strings of the "My account" page: password, two-factor authentication, sessions. */
export const account = defineMessages({
  en: {
    title: 'My account',
    email: 'E-mail address',
    noOrganisation: 'You are not a member of an organisation yet.',
    createOrganisation: 'Create your organisation',
    enrolRequired: {
      title: 'Turn on two-factor authentication to continue',
      text: 'Owners and admins of an organisation, and platform admins, must use two-factor authentication: their accounts can issue documents, manage members and read recipient data. Turn it on below with an authenticator app (such as Aegis, FreeOTP, Google Authenticator or 1Password); it takes a minute.',
      relogin:
        'Two-factor authentication is on for your account, but this session was opened without a code. Log out and log in again with a code from your authenticator app.',
      continue: 'Continue where I was going',
    },
    password: {
      title: 'Password',
      explain:
        'Choose a password of 12 to 128 characters: a few unrelated words work well. Common passwords and your e-mail address are refused. Changing it ends all your sessions, this one included: you log in again with the new password.',
      current: 'Current password',
      new: 'New password',
      newHelp: '12 to 128 characters, any characters (spaces and emoji too).',
      confirm: 'New password again',
      submit: 'Change the password',
      changed:
        'Your password is changed. All your sessions have ended, this one included: log in again with the new password.',
      logInAgain: 'Log in again',
      errors: {
        required: 'Enter this password.',
        tooShort: 'The password must be at least 12 characters long.',
        tooLong: 'The password must be at most 128 characters long.',
        common: 'This password is on the list of commonly used passwords. Choose another.',
        likeEmail: 'The password must not be your e-mail address.',
        mismatch: 'The two new passwords are not the same.',
        sameAsCurrent: 'The new password must differ from the current one.',
        wrongCurrent: 'The current password is not correct.',
      },
    },
    twoFactor: {
      title: 'Two-factor authentication',
      explain:
        'Besides your password, log-in asks for a 6-digit code from an authenticator app on your phone. Someone who learns your password still cannot log in.',
      on: 'On',
      off: 'Off',
      statusLabel: 'Status',
      start: 'Turn on two-factor authentication',
      passwordStep: 'Enter your password to start.',
      password: 'Your password',
      next: 'Next',
      scanTitle: 'Scan the code with your authenticator app',
      scanHelp:
        'Open your authenticator app, add an account and scan this code. If you cannot scan it, type the key below into the app instead (time-based, 6 digits, 30 seconds).',
      qrLabel: 'QR code to add Certa to an authenticator app',
      qrFailed: 'The QR code could not be drawn: type the key into the app instead.',
      secretLabel: 'Key to type into the app',
      code: 'Code from the app',
      codeHelp: 'The 6 digits the app shows now for Certa.',
      confirm: 'Turn on',
      cancel: 'Cancel',
      codesTitle: 'Your recovery codes',
      codesExplain:
        'If you lose your phone, each of these codes lets you log in once instead of a code from the app. They are shown only this once: download or print them and keep them somewhere safe, away from your phone.',
      codesStored: 'I have stored my recovery codes somewhere safe',
      codesDone: 'Done',
      enabled: 'Two-factor authentication is on.',
      replaceTitle: 'Replace the recovery codes',
      manageTitle: 'Replace the recovery codes or turn it off',
      replaceExplain:
        'Get 10 new recovery codes, for instance when you have used several or think someone saw them. The old ones stop working at once.',
      replace: 'Replace the recovery codes',
      replaceCode: 'Code from the app, or a recovery code',
      disableExplain:
        'Turning it off leaves your account protected by its password alone. Both need your password and a current code.',
      disable: 'Turn off',
      disableConfirmTitle: 'Turn two-factor authentication off?',
      disableConfirmText:
        'Anyone who learns your password could then log in as you. You can turn it on again later with a new code.',
      disabled: 'Two-factor authentication is off.',
      mustStay:
        'You cannot turn it off: owners and admins of an organisation, and platform admins, must keep two-factor authentication on. If you lost your phone, replace the recovery codes or ask an owner to change your role first.',
      errors: {
        passwordRequired: 'Enter your password.',
        codeRequired: 'Enter the code from your authenticator app.',
        codeFormat: 'The code is 6 digits.',
        wrongPassword: 'The password is not correct.',
        wrongCode:
          'The code is not correct or was already used. Wait for the next code in the app and try again.',
      },
    },
    sessions: {
      title: 'Where you are logged in',
      explain:
        'Every session still open on this account. End any you do not recognise, then change your password.',
      browser: 'Browser',
      network: 'Network',
      created: 'Logged in',
      lastUsed: 'Last used',
      secondFactor: 'Two-factor',
      actions: 'Actions',
      current: 'This session',
      unknownBrowser: 'Unknown browser',
      unknownNetwork: 'Unknown',
      never: 'Not yet',
      withCode: 'Code given',
      withoutCode: 'No code',
      end: 'End',
      endLabel: 'End the session of {browser}, logged in {created}',
      endTitle: 'End this session?',
      endText: 'Whoever uses it is logged out at their next click.',
      ended: 'The session has ended.',
      endOthers: 'End all other sessions',
      endOthersTitle: 'End all other sessions?',
      endOthersText:
        'Every other browser and device logged in to this account is logged out. This session stays open.',
      endedOthers: {
        one: '{count} session has ended.',
        other: '{count} sessions have ended.',
      },
      onlyThis: 'You are logged in here only.',
    },
  },
  fr: {
    title: 'Mon compte',
    email: 'Adresse e-mail',
    noOrganisation: 'Vous n’êtes encore membre d’aucune organisation.',
    createOrganisation: 'Créer votre organisation',
    enrolRequired: {
      title: 'Activez l’authentification à deux facteurs pour continuer',
      text: 'Les propriétaires et administrateurs d’une organisation, ainsi que les administrateurs de la plateforme, doivent utiliser l’authentification à deux facteurs : leurs comptes peuvent émettre des documents, gérer les membres et lire les données des destinataires. Activez-la ci-dessous avec une application d’authentification (Aegis, FreeOTP, Google Authenticator, 1Password…) ; cela prend une minute.',
      relogin:
        'L’authentification à deux facteurs est activée sur votre compte, mais cette session a été ouverte sans code. Déconnectez-vous puis reconnectez-vous avec un code de votre application d’authentification.',
      continue: 'Reprendre où j’en étais',
    },
    password: {
      title: 'Mot de passe',
      explain:
        'Choisissez un mot de passe de 12 à 128 caractères : quelques mots sans rapport entre eux conviennent bien. Les mots de passe courants et votre adresse e-mail sont refusés. Le changer met fin à toutes vos sessions, y compris celle-ci : vous vous reconnectez avec le nouveau mot de passe.',
      current: 'Mot de passe actuel',
      new: 'Nouveau mot de passe',
      newHelp: 'De 12 à 128 caractères, tous caractères admis (espaces et emoji aussi).',
      confirm: 'Nouveau mot de passe, à nouveau',
      submit: 'Changer le mot de passe',
      changed:
        'Votre mot de passe est changé. Toutes vos sessions ont pris fin, y compris celle-ci : reconnectez-vous avec le nouveau mot de passe.',
      logInAgain: 'Se reconnecter',
      errors: {
        required: 'Saisissez ce mot de passe.',
        tooShort: 'Le mot de passe doit compter au moins 12 caractères.',
        tooLong: 'Le mot de passe doit compter au plus 128 caractères.',
        common:
          'Ce mot de passe figure dans la liste des mots de passe courants. Choisissez-en un autre.',
        likeEmail: 'Le mot de passe ne doit pas être votre adresse e-mail.',
        mismatch: 'Les deux nouveaux mots de passe ne sont pas identiques.',
        sameAsCurrent: 'Le nouveau mot de passe doit être différent de l’actuel.',
        wrongCurrent: 'Le mot de passe actuel est incorrect.',
      },
    },
    twoFactor: {
      title: 'Authentification à deux facteurs',
      explain:
        'En plus de votre mot de passe, la connexion demande un code à 6 chiffres d’une application d’authentification sur votre téléphone. Quelqu’un qui apprend votre mot de passe ne peut toujours pas se connecter.',
      on: 'Activée',
      off: 'Désactivée',
      statusLabel: 'État',
      start: 'Activer l’authentification à deux facteurs',
      passwordStep: 'Saisissez votre mot de passe pour commencer.',
      password: 'Votre mot de passe',
      next: 'Suivant',
      scanTitle: 'Scannez le code avec votre application d’authentification',
      scanHelp:
        'Ouvrez votre application d’authentification, ajoutez un compte et scannez ce code. Si vous ne pouvez pas le scanner, saisissez plutôt la clé ci-dessous dans l’application (basée sur le temps, 6 chiffres, 30 secondes).',
      qrLabel: 'Code QR pour ajouter Certa à une application d’authentification',
      qrFailed: 'Le code QR n’a pas pu être dessiné : saisissez plutôt la clé dans l’application.',
      secretLabel: 'Clé à saisir dans l’application',
      code: 'Code de l’application',
      codeHelp: 'Les 6 chiffres que l’application affiche maintenant pour Certa.',
      confirm: 'Activer',
      cancel: 'Annuler',
      codesTitle: 'Vos codes de secours',
      codesExplain:
        'Si vous perdez votre téléphone, chacun de ces codes vous permet de vous connecter une fois à la place d’un code de l’application. Ils ne sont affichés qu’une seule fois : téléchargez-les ou imprimez-les et conservez-les en lieu sûr, loin de votre téléphone.',
      codesStored: 'J’ai conservé mes codes de secours en lieu sûr',
      codesDone: 'Terminé',
      enabled: 'L’authentification à deux facteurs est activée.',
      replaceTitle: 'Remplacer les codes de secours',
      manageTitle: 'Remplacer les codes de secours ou la désactiver',
      replaceExplain:
        'Obtenez 10 nouveaux codes de secours, par exemple si vous en avez utilisé plusieurs ou pensez que quelqu’un les a vus. Les anciens cessent aussitôt de fonctionner.',
      replace: 'Remplacer les codes de secours',
      replaceCode: 'Code de l’application, ou un code de secours',
      disableExplain:
        'La désactiver laisse votre compte protégé par son seul mot de passe. Les deux demandent votre mot de passe et un code actuel.',
      disable: 'Désactiver',
      disableConfirmTitle: 'Désactiver l’authentification à deux facteurs ?',
      disableConfirmText:
        'Quiconque apprend votre mot de passe pourrait alors se connecter à votre place. Vous pourrez la réactiver plus tard avec un nouveau code.',
      disabled: 'L’authentification à deux facteurs est désactivée.',
      mustStay:
        'Vous ne pouvez pas la désactiver : les propriétaires et administrateurs d’une organisation, ainsi que les administrateurs de la plateforme, doivent la garder activée. Si vous avez perdu votre téléphone, remplacez les codes de secours ou demandez d’abord à un propriétaire de changer votre rôle.',
      errors: {
        passwordRequired: 'Saisissez votre mot de passe.',
        codeRequired: 'Saisissez le code de votre application d’authentification.',
        codeFormat: 'Le code compte 6 chiffres.',
        wrongPassword: 'Le mot de passe est incorrect.',
        wrongCode:
          'Le code est incorrect ou a déjà servi. Attendez le code suivant dans l’application et réessayez.',
      },
    },
    sessions: {
      title: 'Où vous êtes connecté',
      explain:
        'Toutes les sessions encore ouvertes sur ce compte. Mettez fin à celles que vous ne reconnaissez pas, puis changez votre mot de passe.',
      browser: 'Navigateur',
      network: 'Réseau',
      created: 'Connexion',
      lastUsed: 'Dernière utilisation',
      secondFactor: 'Deux facteurs',
      actions: 'Actions',
      current: 'Cette session',
      unknownBrowser: 'Navigateur inconnu',
      unknownNetwork: 'Inconnu',
      never: 'Pas encore',
      withCode: 'Code saisi',
      withoutCode: 'Sans code',
      end: 'Terminer',
      endLabel: 'Terminer la session de {browser}, connectée le {created}',
      endTitle: 'Terminer cette session ?',
      endText: 'La personne qui l’utilise est déconnectée à son prochain clic.',
      ended: 'La session a pris fin.',
      endOthers: 'Terminer toutes les autres sessions',
      endOthersTitle: 'Terminer toutes les autres sessions ?',
      endOthersText:
        'Tous les autres navigateurs et appareils connectés à ce compte sont déconnectés. Cette session reste ouverte.',
      endedOthers: {
        one: '{count} session a pris fin.',
        other: '{count} sessions ont pris fin.',
      },
      onlyThis: 'Vous n’êtes connecté qu’ici.',
    },
  },
});

import type { PageStrings } from './page-strings.js';

const STATES = {
  pending: 'Pas encore activé',
  active: 'Actif',
  revoked: 'Révoqué',
  expired: 'Expiré',
} as const;

/** Textes français des pages HTML. */
export const FRENCH_PAGE_STRINGS: PageStrings = {
  common: {
    dateLocale: 'fr-FR',
    siteName: 'Certa',
    tagline: 'Documents numériques certifiés',
    skipToContent: 'Aller au contenu',
    languageNav: 'Langue',
    footerApi: 'Documentation de l’API',
    footerVerify: 'Vérifier un document',
    verifiedIssuer: 'Émetteur vérifié',
    unverifiedIssuer: 'Émetteur non vérifié',
    utc: 'UTC',
    neverExpires: 'N’expire pas',
    labels: {
      issuer: 'Émetteur',
      document: 'Document',
      documentId: 'Identifiant du document',
      state: 'État',
      issuedAt: 'Émis le',
      activatedAt: 'Activé le',
      expiresAt: 'Expire le',
      revokedAt: 'Révoqué le',
      revocationReason: 'Motif de la révocation',
    },
  },
  states: STATES,
  home: {
    title: 'Documents numériques certifiés',
    heading: 'Documents numériques certifiés',
    intro:
      'Certa émet des diplômes, certificats et attestations sous forme de PDF signés que chacun peut vérifier sans avoir à nous faire confiance. Les données personnelles des destinataires restent chiffrées jusqu’à ce qu’ils activent leur document.',
    verifyHeading: 'Vous avez reçu un document ?',
    verifyText:
      'Vérifiez qu’il est authentique, intact et toujours valide. Votre fichier ne quitte jamais votre appareil.',
    verifyLink: 'Vérifier un document',
    recipientHeading: 'Vous avez reçu un e-mail d’activation ?',
    recipientText:
      'Ouvrez le lien de l’e-mail : il mène à votre document. Lisez et acceptez les conditions, puis téléchargez votre PDF.',
    developersHeading: 'Développeurs et émetteurs',
    developersText: 'Émettez, révoquez et vérifiez des documents avec l’API HTTP.',
    developersLink: 'Documentation de l’API',
  },
  activate: {
    title: 'Activez votre document',
    heading: 'Activez votre document',
    intro:
      'Lisez les conditions ci-dessous et acceptez-les pour obtenir votre document certifié au format PDF.',
    documentHeading: 'Votre document',
    termsHeading: 'Conditions d’utilisation (version {version})',
    acceptLabel: 'J’ai lu et j’accepte les conditions (version {version})',
    activateButton: 'Activer mon document',
    alreadyActive: 'Vous avez déjà activé ce document. Vous pouvez l’obtenir à nouveau.',
    getButton: 'Obtenir mon document',
    revokedNotice: 'L’émetteur a révoqué ce document. Il ne peut plus être activé.',
    expiredNotice:
      'Ce document a expiré le {date}. Vous pouvez encore l’activer, mais les vérificateurs verront qu’il a expiré.',
    secretNote:
      'La partie secrète de votre lien reste uniquement dans cet onglet ; elle a été retirée de la barre d’adresse.',
    noscript:
      'Cette page a besoin de JavaScript : votre navigateur lit lui-même la partie secrète de votre lien, afin qu’elle ne soit jamais envoyée dans une adresse web.',
    readyHeading: 'Votre document est prêt',
    readyText:
      'Téléchargez-le et conservez-le. Vous pourrez le télécharger à nouveau avec le lien de votre e-mail.',
    downloadButton: 'Télécharger le PDF',
    sha256Label: 'Empreinte SHA-256 de votre PDF',
    verifyLink: 'Voir ce que verront les vérificateurs',
  },
  activateScript: {
    activeState: STATES.active,
    missingSecret:
      'Ce lien est incomplet : la partie après le signe # manque ou est abîmée. Ouvrez le lien de votre e-mail exactement tel que vous l’avez reçu.',
    mustAccept: 'Cochez la case pour accepter les conditions avant d’activer votre document.',
    working: 'Activation… la création de votre document peut prendre quelques secondes.',
    downloading: 'Préparation du téléchargement…',
    downloaded: 'Le téléchargement a commencé.',
    errors: {
      ACTIVATION_FAILED:
        'Ce lien d’activation n’est pas valide. Vérifiez que vous avez ouvert le lien complet de votre e-mail.',
      RATE_LIMITED_ONE: 'Trop de tentatives pour ce document. Réessayez dans 1 minute.',
      RATE_LIMITED_MANY: 'Trop de tentatives pour ce document. Réessayez dans {minutes} minutes.',
      RATE_LIMITED_LATER: 'Trop de tentatives pour ce document. Réessayez dans quelques minutes.',
      TERMS_NOT_ACCEPTED:
        'Les conditions ont changé ou n’ont pas été acceptées. Rechargez la page, lisez les conditions actuelles et acceptez-les.',
      CONFLICT: 'L’émetteur a révoqué ce document. Il ne peut plus être activé.',
      NOT_FOUND: 'Ce document n’existe pas (ou plus).',
      NETWORK: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
      GENERIC: 'Une erreur s’est produite de notre côté. Réessayez dans un instant.',
    },
  },
  verify: {
    title: 'Vérifier un document',
    heading: 'Vérifier un document',
    intro:
      'Vérifiez qu’un document PDF émis avec Certa est authentique, intact et toujours valide.',
    statusHeading: 'Ce que la plateforme enregistre pour ce document',
    statusExplain:
      'Voici l’état public de ce document. Il ne prouve pas qu’un fichier est ce document : pour vérifier l’intégrité d’un fichier, choisissez-le ci-dessous.',
    fileHeading: 'Vérifier un fichier',
    fileLabel: 'Choisir le fichier PDF',
    dropHint: 'ou déposez-le ici.',
    privacy:
      'Votre fichier ne quitte jamais votre appareil : votre navigateur calcule son empreinte SHA-256 et n’envoie que cette empreinte.',
    noscript:
      'La vérification d’un fichier a besoin de JavaScript : votre navigateur calcule lui-même l’empreinte du fichier, qui n’est donc jamais envoyé.',
    reportHeading: 'Résultat',
  },
  verifyScript: {
    dateLocale: 'fr-FR',
    notPdf:
      'Ce fichier n’est pas un PDF. Choisissez le document PDF que vous avez reçu. Rien n’a été envoyé.',
    noFile: 'Aucun fichier choisi.',
    reading: 'Calcul de l’empreinte de « {name} »…',
    checking: 'Vérification…',
    noCrypto:
      'Ce navigateur ne peut pas calculer l’empreinte sur cette page (une connexion HTTPS sécurisée est nécessaire).',
    readFailed: 'Le fichier n’a pas pu être lu.',
    network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
    generic: 'La vérification a échoué de notre côté. Réessayez dans un instant.',
    valid: 'Document valide',
    invalid: 'Document non valide',
    validText:
      'Ce fichier est exactement le document émis par {issuer}, et il est actuellement valide.',
    invalidText: 'Ne vous fiez pas à ce fichier. Les contrôles ci-dessous expliquent pourquoi.',
    fileLabel: 'Fichier',
    sha256Label: 'Empreinte SHA-256',
    documentLabel: 'Document',
    issuerLabel: 'Émetteur',
    stateLabel: 'État',
    checksHeading: 'Contrôles',
    verifiedIssuer: 'Émetteur vérifié',
    differentDocument:
      'Remarque : ce fichier est un autre document ({id}) que celui de cette page.',
    states: STATES,
    checkNames: {
      integrity: 'Intégrité',
      issuer: 'Émetteur',
      validity: 'Validité',
      time: 'Horodatage',
      record: 'Données intégrées',
      signature: 'Signature',
    },
    statusWords: { passed: 'Réussi', failed: 'Échoué', pending: 'En attente', unknown: 'Inconnu' },
    checkMessages: {
      digest_matches:
        'Le fichier est exactement le document émis ici : son empreinte SHA-256 est enregistrée.',
      not_issued_here:
        'Non émis par cette plateforme : aucun document n’a cette empreinte. Le fichier a été modifié, ou il vient d’ailleurs.',
      issuer_verified: 'Émis par {issuer}, dont l’identité a été vérifiée par la plateforme.',
      issuer_not_verified: 'Émis par {issuer}, qui n’est pas actuellement un émetteur vérifié.',
      no_document: 'Inconnu : ce document n’est pas enregistré ici.',
      revoked: 'Révoqué par l’émetteur le {date} : {reason}',
      expired: 'Expiré le {date}.',
      not_activated: 'Le document n’a pas été activé par son destinataire.',
      active: 'Actif ; il n’expire pas.',
      active_until: 'Actif jusqu’au {date}.',
      not_anchored_yet: 'Émis le {issued}, activé le {activated} ; pas encore ancré sur Bitcoin.',
      not_activated_yet: 'pas encore',
      anchored_in_bitcoin:
        'Existait au plus tard le {time} : son empreinte SHA-256 est ancrée dans le bloc Bitcoin {height}, vérifiée avec l’en-tête du bloc.',
      anchor_pending: 'Envoyé pour ancrage sur Bitcoin ; en attente d’un bloc qui le confirme.',
      bitcoin_unavailable:
        'Ancré sur Bitcoin, mais l’en-tête du bloc n’a pas pu être consulté pour le vérifier maintenant.',
      proof_invalid: 'La preuve d’horodatage enregistrée ne se vérifie pas avec Bitcoin.',
      no_record: 'Le PDF ne contient pas de données intégrées.',
      record_signed:
        'Les données intégrées au PDF sont signées par cette plateforme et désignent ce document.',
      record_invalid:
        'Les données intégrées au PDF ne se vérifient pas : elles ont été modifiées ou leur signature est invalide.',
      record_unknown_signer:
        'Les données intégrées au PDF sont signées par un certificat qui n’est pas celui de cette plateforme.',
      record_document_unknown:
        'Les données intégrées au PDF sont signées par cette plateforme, mais le fichier n’est pas le PDF qu’elle a émis.',
      record_mismatch: 'Les données intégrées au PDF désignent un autre document.',
      record_unreadable: 'Le PDF ne peut pas être lu pour y trouver ses données intégrées.',
      signature_unreadable: 'Le PDF ne peut pas être lu pour y trouver sa signature.',
      unsigned: 'Le PDF ne porte aucune signature.',
      signature_invalid:
        'La signature du PDF est rompue : le fichier a été modifié après signature.',
      signature_partial:
        'Le PDF a été modifié après sa signature : elle ne couvre pas tout le fichier.',
      signed_by_platform: 'Signé par cette plateforme (PAdES) sur l’ensemble du fichier.',
      signed_by_other:
        'Signé sur l’ensemble du fichier, mais par un certificat qui n’est pas celui de cette plateforme.',
    },
  },
  notFound: {
    title: 'Introuvable',
    heading: 'Document introuvable',
    text: 'Aucun document n’a cet identifiant. Vérifiez que vous avez ouvert le lien complet ou scanné le bon code QR.',
    homeLink: 'Page d’accueil',
    verifyLink: 'Vérifier un document à partir de son fichier',
  },
};

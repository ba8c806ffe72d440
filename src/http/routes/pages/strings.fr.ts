import type { PageStrings } from './page-strings.js';

const STATES = {
  pending: 'Pas encore activé',
  active: 'Actif',
  suspended: 'Suspendu',
  revoked: 'Révoqué',
  expired: 'Expiré',
} as const;

/** What was verified about an issuer, said apart (pages, verification report). */
const ISSUER_CHECKS = {
  identityReviewed: 'Identité examinée par la plateforme le {date}',
  domainVerified: 'Domaine {domain} vérifié le {date}',
  domainNotVerified: 'Domaine non vérifié',
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
    ...ISSUER_CHECKS,
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
      expiresAt: 'Valable jusqu’au',
      revokedAt: 'Révoqué le',
      revocationReason: 'Motif de la révocation',
      suspendedAt: 'Suspendu depuis le',
      suspensionReason: 'Motif de la suspension',
    },
  },
  issuerProfile: {
    title: '{name} — profil de l’émetteur',
    intro:
      'Un administrateur de la plateforme a vérifié l’identité de cet émetteur avant qu’il puisse émettre des documents. Cette page montre ce qui a été vérifié et les clés qu’il utilise.',
    suspendedNotice:
      'Cet émetteur est suspendu : il ne peut pas émettre de documents pour le moment. Les documents qu’il a émis auparavant restent vérifiables.',
    identityHeading: 'Ce que la plateforme a vérifié',
    logoAlt: 'Logo de {name}',
    labels: {
      name: 'Nom',
      legalName: 'Raison sociale',
      country: 'Pays',
      website: 'Site web',
      identity: 'Identité',
      domain: 'Domaine',
      status: 'Statut',
      issuerId: 'Identifiant de l’émetteur',
    },
    notProvided: 'Non renseigné',
    statuses: { approved: 'Approuvé : peut émettre des documents', suspended: 'Suspendu' },
    keysHeading: 'Clés de chiffrement',
    keysIntro:
      'Les données personnelles des destinataires sont chiffrées avec la clé active de l’émetteur jusqu’à ce qu’ils activent leur document. Quand une clé est remplacée, l’ancienne est conservée pour les documents émis avec elle.',
    keysCaption: 'Historique des clés, de la plus récente à la plus ancienne',
    keyColumns: {
      fingerprint: 'Empreinte (SHA-256)',
      status: 'Statut',
      createdAt: 'Créée le',
      retiredAt: 'Remplacée le',
      revokedAt: 'Révoquée le',
    },
    keyStatuses: { active: 'Active', retired: 'Retirée', revoked: 'Révoquée (compromise)' },
    none: '—',
    signingHeading: 'Signature des documents',
    signingIntro:
      'La plateforme signe les fichiers PDF de cet émetteur et les données qu’ils contiennent avec ce certificat.',
    signingLabels: {
      subject: 'Certificat',
      issuer: 'Émis par',
      fingerprint: 'Empreinte (SHA-256)',
      validity: 'Validité',
    },
    validityRange: 'du {from} au {to}',
    jsonLink: 'Ce profil en JSON',
    profileLink: 'Profil de l’émetteur',
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
    lostLinkLink: 'Lien perdu ? Retrouvez vos documents par e-mail',
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
    suspendedDocumentNotice:
      'L’émetteur a suspendu ce document : les vérificateurs le voient suspendu jusqu’à ce que l’émetteur le rétablisse.',
    expiredNotice:
      'Ce document était valable jusqu’au {date}. Vous pouvez encore l’activer, mais les vérificateurs verront qu’il a expiré.',
    secretNote:
      'La partie secrète de votre lien reste uniquement dans cet onglet ; elle a été retirée de la barre d’adresse.',
    noscript:
      'Cette page a besoin de JavaScript : votre navigateur lit lui-même la partie secrète de votre lien, afin qu’elle ne soit jamais envoyée dans une adresse web.',
    readyHeading: 'Votre document est prêt',
    readyText:
      'Téléchargez-le et conservez-le. Vous pourrez le télécharger à nouveau avec le lien de votre e-mail.',
    downloadButton: 'Télécharger le PDF',
    proofButton: 'Télécharger la preuve d’horodatage (.ots)',
    proofText:
      'La preuve montre que votre PDF existait à une date donnée, ancrée dans la blockchain Bitcoin. Gardez-la avec le PDF : chacun peut la vérifier avec OpenTimestamps.',
    sha256Label: 'Empreinte SHA-256 de votre PDF',
    verifyLink: 'Voir ce que verront les vérificateurs',
    logoAlt: 'Logo de {issuer}',
    shareHeading: 'Partagez votre document',
    shareText:
      'Le lien ouvre la page de vérification publique de ce document : elle montre l’émetteur, le titre et sa validité, jamais votre nom. Qui a votre PDF peut le vérifier là.',
    shareLinkLabel: 'Lien vers la page de vérification',
    copyButton: 'Copier le lien',
    linkedInButton: 'Ajouter au profil LinkedIn',
    linkedInText:
      'Ouvre LinkedIn avec la certification pré-remplie (titre, émetteur, dates, identifiant du document et ce lien). Rien n’est envoyé à LinkedIn avant que vous ne confirmiez là-bas.',
    qrHeading: 'Code QR',
    qrText: 'Montrez-le sur votre téléphone : le scanner ouvre la page de vérification.',
    qrAlt: 'Code QR du lien vers la page de vérification',
    rights: {
      heading: 'Vos données et vos droits',
      text: 'La plateforme conserve, chiffrés, votre nom, votre adresse e-mail et les champs du document. Le secret de votre lien vous permet de les consulter, de les emporter, de masquer le document à la vérification ou de l’effacer.',
      seeButton: 'Voir ce qui est conservé',
      exportButton: 'Télécharger toutes mes données (ZIP)',
      restrictButton: 'Masquer à la vérification',
      restrictText:
        'Ce n’est pas une révocation : les vérificateurs voient seulement « restreint à la demande du titulaire » jusqu’à ce que vous le montriez à nouveau.',
      unrestrictButton: 'Montrer à nouveau à la vérification',
      eraseHeading: 'Effacer ce document',
      eraseText:
        'Vos données et le PDF sont détruits définitivement ; les vérificateurs voient alors « effacé à la demande du titulaire ». Téléchargez d’abord ce que vous voulez garder. C’est irréversible.',
      eraseConfirmLabel: 'Je comprends que l’effacement est irréversible',
      eraseButton: 'Effacer définitivement',
    },
  },
  activateScript: {
    activeState: STATES.active,
    missingSecret:
      'Ce lien est incomplet : la partie après le signe # manque ou est abîmée. Ouvrez le lien de votre e-mail exactement tel que vous l’avez reçu.',
    mustAccept: 'Cochez la case pour accepter les conditions avant d’activer votre document.',
    working: 'Activation… la création de votre document peut prendre quelques secondes.',
    downloading: 'Préparation du téléchargement…',
    downloaded: 'Le téléchargement a commencé.',
    proofPending:
      'La preuve d’horodatage n’est pas encore prête : votre document attend le prochain lot d’ancrage. Revenez plus tard par votre lien.',
    copied: 'Lien copié.',
    copyFailed: 'Le lien n’a pas pu être copié : sélectionnez-le et copiez-le vous-même.',
    rights: {
      loading: 'Chargement…',
      heldHeading: 'Ce que la plateforme conserve',
      nameLabel: 'Nom',
      emailLabel: 'Adresse e-mail',
      restrictedLabel: 'Masqué à la vérification',
      yes: 'Oui',
      no: 'Non',
      consentsLabel: 'Conditions acceptées',
      historyLabel: 'Événements de l’historique du document',
      exported: 'Vos données sont en cours de téléchargement.',
      restricted: 'Le document est masqué à la vérification.',
      unrestricted: 'Le document est de nouveau visible à la vérification.',
      mustConfirm: 'Cochez la case pour confirmer que l’effacement est irréversible.',
      erased: 'Le document et vos données ont été effacés.',
    },
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
  lostLink: {
    title: 'Lien perdu ?',
    heading: 'Vous avez perdu votre lien ?',
    intro:
      'Saisissez l’adresse e-mail à laquelle vos documents ont été envoyés. Si des documents lui ont été délivrés, nous lui envoyons un lien pour les consulter, les exporter ou les effacer. Ce lien ne sert qu’une fois, pendant une heure.',
    emailLabel: 'Adresse e-mail',
    emailHint: 'L’adresse qui a reçu l’e-mail d’activation.',
    submitButton: 'Envoyez-moi un lien',
    privacy:
      'La réponse est la même quelle que soit l’adresse : cette page ne permet à personne de savoir si quelqu’un a des documents ici.',
    noscript: 'Cette page a besoin de JavaScript pour envoyer votre demande.',
    requestsTitle: 'Vos documents',
    requestsHeading: 'Vos documents',
    requestsIntro:
      'Voici les documents délivrés à votre adresse e-mail. Vous pouvez télécharger vos données ou les effacer. Chacune de ces actions épuise ce lien : pour une autre, demandez un nouveau lien.',
    documentsHeading: 'Documents qui vous ont été délivrés',
    exportHeading: 'Télécharger vos données',
    exportText:
      'Un fichier ZIP avec vos données, les PDF et leurs preuves d’horodatage, pour les documents activés. Un document pas encore activé ne s’ouvre qu’avec le lien de son propre e-mail ; il peut être effacé ici.',
    exportButton: 'Télécharger mes données (ZIP)',
    eraseHeading: 'Tout effacer',
    eraseText:
      'L’effacement détruit vos données personnelles et les PDF de tous les documents listés ici, activés ou non. Il est définitif. La vérification indiquera ensuite que le document a été effacé à votre demande.',
    eraseConfirmLabel:
      'Je comprends que mes documents et mes données seront effacés définitivement',
    eraseButton: 'Effacer mes documents',
    askAgainLink: 'Demander un nouveau lien',
  },
  lostLinkScript: {
    dateLocale: 'fr-FR',
    states: STATES,
    missingEmail: 'Saisissez votre adresse e-mail, par exemple nom@exemple.fr.',
    sending: 'Envoi…',
    sent: 'Merci. Si des documents ont été délivrés à cette adresse, un message avec un lien est en route. Consultez votre boîte de réception (et vos indésirables) dans quelques minutes.',
    loading: 'Chargement de vos documents…',
    missingToken:
      'Ce lien est incomplet : la partie après le signe # manque. Ouvrez le lien de votre e-mail tel que vous l’avez reçu.',
    expiresAt: 'Ce lien fonctionne jusqu’au {date}.',
    none: 'Aucun document n’a été délivré à cette adresse, ou ils ont tous été effacés.',
    issuerLabel: 'Émetteur',
    issuedLabel: 'Délivré le',
    stateLabel: 'État',
    restrictedNote: 'Masqué à la vérification à votre demande.',
    pendingNote: 'Non activé : il peut être effacé ici, pas téléchargé.',
    nothingToExport:
      'Aucun de ces documents n’est encore activé : il n’y a rien à télécharger. Ouvrez chacun avec le lien de son propre e-mail.',
    exporting: 'Préparation de votre fichier ZIP…',
    exported:
      'Votre téléchargement a commencé. Ce lien est maintenant épuisé : pour effacer vos documents, demandez un nouveau lien.',
    mustConfirm: 'Cochez la case pour confirmer que vous voulez effacer vos documents.',
    erasing: 'Effacement…',
    erased: 'C’est fait : {count} document(s) et vos données ont été effacés.',
    errors: {
      LINK_INVALID:
        'Ce lien n’est plus valide : il a déjà servi, il a expiré (après une heure) ou il est incomplet.',
      INVALID_INPUT: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      RATE_LIMITED_ONE: 'Trop de demandes. Réessayez dans 1 minute.',
      RATE_LIMITED_MANY: 'Trop de demandes. Réessayez dans {minutes} minutes.',
      RATE_LIMITED_LATER: 'Trop de demandes. Réessayez dans quelques minutes.',
      NETWORK: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
      GENERIC: 'Un problème est survenu de notre côté. Réessayez dans un instant.',
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
    checksHeading: 'Contrôles',
    differentDocument:
      'Remarque : ce fichier est un autre document ({id}) que celui de cette page.',
    checkNames: {
      integrity: 'Intégrité',
      issuer: 'Émetteur',
      validity: 'Validité',
      time: 'Horodatage',
      record: 'Données intégrées',
      signature: 'Signature',
    },
    statusWords: { passed: 'Réussi', failed: 'Échoué', pending: 'En attente', unknown: 'Inconnu' },
    local: {
      unknown: 'Impossible à confirmer',
      unknownText:
        'Rien d’anormal n’a été trouvé, mais certaines vérifications n’ont pas pu aboutir. Ne considérez pas ce fichier comme valide tant qu’elles n’ont pas abouti.',
      unknownExplained:
        '« Inconnu » signifie que cette page n’a pas pu trancher, jamais que la vérification a réussi : une source n’a pas répondu, ou deux sources se contredisent. Réessayez plus tard, ou vérifiez le fichier avec l’outil certa-verify.',
      ranHere: 'Vérifié dans votre navigateur, sur votre fichier',
      ranAtPlatform: 'Réponse de la plateforme',
      recipientHeading: 'La personne que nomme le document',
      recipientText:
        'Lu dans l’enregistrement signé contenu dans votre fichier (pas auprès de la plateforme) : seul qui détient le fichier le voit.',
      recipientLabel: 'Titulaire',
      sourceAnswered: '{source} : le bloc {height} a pour racine de Merkle {root}',
      sourceSilent: '{source} : pas de réponse pour le bloc {height}',
      messages: {
        issued_file:
          'La plateforme a délivré exactement ce fichier (son empreinte SHA-256 a été calculée ici).',
        unknown_file:
          'La plateforme n’a pas délivré exactement ce fichier : il a été modifié, ou il vient d’ailleurs.',
        platform_unreachable: 'Inconnu : la plateforme n’a pas pu être interrogée sur ce fichier.',
        signature_unreadable: 'Le PDF ne peut pas être lu pour trouver sa signature.',
        unsigned: 'Le PDF ne porte aucune signature.',
        signature_invalid: 'La signature du PDF est rompue : les octets signés ont été modifiés.',
        signature_partial:
          'Le PDF a été modifié après sa signature : la signature ne couvre pas tout le fichier.',
        signature_timestamp_invalid:
          'L’horodatage RFC 3161 de la signature du PDF ne se vérifie pas : ce n’est pas la signature d’une autorité d’horodatage sur cette signature.',
        signer_not_checked:
          'La signature couvre tout le fichier, mais on ne sait pas si le certificat de la plateforme l’a faite : ses certificats publiés n’ont pas pu être obtenus.',
        signed_by_other:
          'Signé sur tout le fichier, mais par un certificat que la plateforme ne publie pas.',
        signed_by_platform:
          'Signé (PAdES) sur tout le fichier avec le certificat publié de la plateforme.',
        record_unreadable: 'Le PDF ne peut pas être lu pour trouver son enregistrement intégré.',
        no_record: 'Le PDF ne contient aucun enregistrement intégré.',
        record_invalid:
          'L’enregistrement intégré au PDF ne se vérifie pas : il a été modifié ou sa signature est rompue.',
        record_replaced:
          'L’enregistrement intégré au PDF a été remplacé après la signature du fichier.',
        record_signer_mismatch:
          'L’enregistrement intégré au PDF est signé par un autre certificat que le PDF.',
        record_mismatch: 'L’enregistrement intégré au PDF nomme un autre document.',
        record_signed:
          'L’enregistrement intégré au PDF est signé avec le certificat du PDF et nomme ce document.',
        issuer_profile_unavailable:
          'Inconnu : le profil publié de l’émetteur n’a pas pu être obtenu.',
        issuer_not_named:
          'Inconnu : la plateforme ne nomme aucun émetteur pour un fichier qu’elle n’a pas délivré.',
        issuer_mismatch:
          'L’enregistrement nomme un autre émetteur que celui que publie la plateforme.',
        issuer_verified: 'Délivré par {issuer}, dont la plateforme a vérifié l’identité.',
        no_verified_record:
          'Inconnu : sans enregistrement vérifié, les listes de statut ne peuvent pas être lues.',
        no_status_list_entry: 'Inconnu : l’enregistrement ne nomme aucune liste de statut.',
        status_list_missing:
          'Inconnu : la liste de statut de l’émetteur n’a pas pu être obtenue ou vérifiée.',
        status_list_foreign: 'La liste de statut n’est pas signée par le signataire du document.',
        revoked: 'Révoqué : la liste de révocation signée de l’émetteur l’indique.',
        suspended: 'Suspendu : la liste de suspension signée de l’émetteur l’indique.',
        expired: 'Expiré.',
        active: 'Ni révoqué ni suspendu dans les listes signées de l’émetteur, et non expiré.',
        no_proof: 'Inconnu : il n’y a pas encore de preuve d’horodatage pour ce fichier.',
        proof_mismatch: 'La preuve d’horodatage concerne un autre fichier, pas celui-ci.',
        proof_unreadable: 'La preuve d’horodatage ne peut pas être lue.',
        header_sources_missing:
          'Inconnu : deux sources indépendantes d’en-têtes Bitcoin sont nécessaires.',
        proof_invalid: 'La preuve d’horodatage ne se vérifie pas sur Bitcoin.',
        anchored_in_bitcoin:
          'Existait au plus tard le {time} : ancré dans le bloc Bitcoin {height}, vérifié ici auprès de {sources}.',
        bitcoin_unavailable:
          'Inconnu : les en-têtes de blocs Bitcoin n’ont pas pu être obtenus des deux sources, ou elles se contredisent.',
        anchor_pending: 'Envoyé pour ancrage sur Bitcoin ; en attente d’un bloc qui le confirme.',
        no_checkable_attestation:
          'Inconnu : la preuve n’a aucune attestation que cette page puisse vérifier.',
      },
    },
  },
  notFound: {
    document: {
      title: 'Document introuvable',
      heading: 'Document introuvable',
      text: 'Aucun document n’a cet identifiant. Vérifiez que vous avez ouvert le lien complet ou scanné le bon code QR.',
    },
    issuer: {
      title: 'Émetteur introuvable',
      heading: 'Émetteur introuvable',
      text: 'Aucun émetteur approuvé n’a cet identifiant. Vérifiez que vous avez suivi le lien complet.',
    },
    page: {
      title: 'Page introuvable',
      heading: 'Page introuvable',
      text: 'Il n’y a pas de page à cette adresse. Vérifiez l’adresse, ou repartez de la page d’accueil.',
    },
    homeLink: 'Page d’accueil',
    verifyLink: 'Vérifier un document à partir de son fichier',
  },
  account: {
    noscript:
      'Cette page a besoin de JavaScript : votre navigateur lit lui-même la partie secrète de votre lien, pour qu’elle ne soit jamais envoyée dans une adresse web.',
    logInLink: 'Se connecter',
    emailLabel: 'Adresse e-mail',
    newPasswordLabel: 'Nouveau mot de passe',
    passwordRules:
      'Au moins 12 caractères ; espaces et tous caractères bienvenus. Les mots de passe courants et votre adresse e-mail sont refusés.',
    confirmPasswordLabel: 'Nouveau mot de passe, à nouveau',
    signUp: {
      title: 'Créer un compte',
      heading: 'Créer un compte',
      intro:
        'Saisissez votre adresse e-mail : nous vous envoyons un lien pour la confirmer et choisir votre mot de passe. Avec un compte, vous pouvez créer une organisation et demander à émettre des documents.',
      submit: 'Envoyez-moi le lien',
      forgotPassword: 'Mot de passe oublié ?',
    },
    confirm: {
      title: 'Choisissez votre mot de passe',
      heading: 'Choisissez votre mot de passe',
      intro:
        'Ce lien confirme votre adresse e-mail. Choisissez un mot de passe pour créer votre compte.',
      recoveryHeading: 'Avant de créer votre compte',
      recoveryText:
        'Lorsque vous créerez une organisation, sa clé de récupération vous sera montrée une seule fois. Notez-la et conservez-la en lieu sûr : elle n’est plus jamais affichée et nous ne pouvons pas la retrouver.',
      recoveryWithout:
        'Sans elle, si les mots de passe de tous les membres sont perdus, les documents en attente ne restent lisibles que par les liens des destinataires eux-mêmes.',
      submit: 'Créer mon compte',
      doneHeading: 'Votre compte est prêt',
      doneText:
        'Vous pouvez maintenant vous connecter avec votre adresse e-mail et votre nouveau mot de passe.',
    },
    reset: {
      title: 'Réinitialiser votre mot de passe',
      heading: 'Réinitialiser votre mot de passe',
      requestIntro:
        'Saisissez l’adresse e-mail de votre compte : nous vous envoyons un lien pour choisir un nouveau mot de passe.',
      requestSubmit: 'Envoyez-moi le lien',
      chooseIntro:
        'Choisissez un nouveau mot de passe. Toutes les sessions de votre compte seront fermées et vous vous reconnecterez.',
      codeLabel:
        'Code de double authentification (seulement si votre compte utilise la double authentification)',
      codeHint:
        'Le code à 6 chiffres de votre application d’authentification, ou l’un de vos codes de secours.',
      recoveryLegend: 'Clé de récupération d’une organisation (facultatif)',
      recoveryText:
        'Votre mot de passe oublié protégeait aussi votre copie des clés de vos organisations. Saisissez la clé de récupération d’une organisation pour garder l’accès aux données de ses destinataires ; sans elle, un autre membre devra de nouveau vous confirmer.',
      organisationIdLabel: 'Identifiant de l’organisation',
      recoveryKeyLabel: 'Clé de récupération',
      recoveryKeyHint:
        'Si la clé de l’organisation a été remplacée depuis, vous avez une clé de récupération par clé : saisissez-les toutes, séparées par des espaces.',
      submit: 'Enregistrer mon nouveau mot de passe',
      doneHeading: 'Votre mot de passe est modifié',
      doneText:
        'Toutes les sessions de votre compte ont été fermées. Connectez-vous avec votre nouveau mot de passe.',
      newLink: 'Demander un nouveau lien',
    },
    invitation: {
      title: 'Accepter une invitation',
      heading: 'Accepter une invitation',
      intro: 'Vous avez été invité à rejoindre une organisation sur Certa.',
      newAccountPassword: 'Choisissez un mot de passe pour votre nouveau compte',
      existingAccountPassword: 'Mot de passe de votre compte Certa',
      newAccountText:
        'Il n’existe pas encore de compte Certa pour votre adresse : accepter en crée un.',
      submit: 'Accepter l’invitation',
      doneHeading: 'Vous avez rejoint l’organisation',
      doneText: 'Connectez-vous avec votre adresse e-mail et votre mot de passe pour commencer.',
      keyAccessText:
        'Pour lire les données des destinataires, un membre ayant déverrouillé l’organisation doit d’abord vous confirmer.',
    },
    script: {
      missingToken:
        'Ce lien est incomplet : la partie après le signe # manque ou est abîmée. Ouvrez le lien de votre e-mail tel que vous l’avez reçu.',
      working: 'Veuillez patienter…',
      loading: 'Chargement de l’invitation…',
      emailMissing: 'Saisissez votre adresse e-mail.',
      passwordMissing: 'Saisissez un mot de passe.',
      mismatch: 'Les deux mots de passe ne sont pas identiques.',
      signUpSent:
        'Consultez votre boîte de réception : si cette adresse peut être utilisée, nous lui avons envoyé un e-mail. Le lien qu’il contient est valable 24 heures.',
      resetSent:
        'Consultez votre boîte de réception : nous avons envoyé un e-mail à cette adresse. Si un compte l’utilise, il contient un lien valable 1 heure.',
      invited: 'Vous êtes invité à rejoindre {organisation} en tant que {role}.',
      recovered: 'L’accès aux clés de ces organisations a été rétabli : {list}.',
      keyAccessLost:
        'Vous ne détenez plus les clés de ces organisations ; un autre membre doit de nouveau vous confirmer : {list}.',
      nothingLost: 'Vous ne déteniez aucune clé d’organisation : rien n’a été perdu.',
      recoveryPairIncomplete:
        'Saisissez à la fois l’identifiant de l’organisation et sa clé de récupération, ou aucun des deux.',
      roles: {
        owner: 'propriétaire',
        admin: 'administrateur',
        operator: 'opérateur',
        viewer: 'lecteur',
      },
      errors: {
        LINK_INVALID:
          'Ce lien n’est plus valable : il a déjà servi, il a expiré ou il est incomplet. Demandez-en un nouveau.',
        WRONG_PASSWORD: 'Le mot de passe est incorrect.',
        WRONG_CODE:
          'Le code de double authentification est incorrect. Attendez un nouveau code et réessayez.',
        SECOND_FACTOR_REQUIRED:
          'Votre compte utilise la double authentification : saisissez un code de votre application ou un code de secours.',
        INVALID_EMAIL: 'Saisissez une adresse e-mail valide, comme nom@exemple.org.',
        RECOVERY_KEY:
          'La clé de récupération de l’organisation {organisation} n’ouvre pas ses clés, ou vous n’en êtes pas membre. Rien n’a été modifié.',
        too_short: 'Le mot de passe doit comporter au moins 12 caractères.',
        too_long: 'Le mot de passe doit comporter au plus 128 caractères.',
        common:
          'Ce mot de passe figure sur la liste des mots de passe courants ; choisissez-en un autre.',
        like_email: 'Le mot de passe ne doit pas être votre adresse e-mail.',
        CONFLICT: 'Votre compte a changé entre-temps. Demandez un nouveau lien et réessayez.',
        ALREADY_MEMBER: 'Vous êtes déjà membre de cette organisation.',
        UPSTREAM_FAILED: 'L’e-mail n’a pas pu être envoyé. Réessayez dans quelques minutes.',
        RATE_LIMITED_ONE: 'Trop de tentatives. Réessayez dans 1 minute.',
        RATE_LIMITED_MANY: 'Trop de tentatives. Réessayez dans {minutes} minutes.',
        RATE_LIMITED_LATER: 'Trop de tentatives. Réessayez dans quelques minutes.',
        NETWORK: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
        GENERIC: 'Un problème est survenu de notre côté. Réessayez dans un instant.',
      },
    },
  },
};

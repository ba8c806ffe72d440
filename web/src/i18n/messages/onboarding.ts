import { defineMessages } from '../catalogue.js';

/** Strings of onboarding: creating an organisation and its verification application. */
export const onboarding = defineMessages({
  en: {
    create: {
      title: 'Create your organisation',
      lead: 'Your organisation issues the documents. First give it a name; then you apply for verification: a platform reviewer checks who you are before your organisation can issue.',
      steps: {
        label: 'Steps',
        name: 'Name the organisation',
        key: 'Store the recovery key',
        apply: 'Apply for verification',
      },
      name: 'Organisation name',
      nameHelp:
        'The name your members and recipients see, such as “Université Démo — Registrar”. The legal name comes in the application. At most 200 characters.',
      submit: 'Create the organisation',
      errors: {
        nameRequired: 'Enter a name for the organisation.',
        nameTooLong: 'The name can be at most 200 characters long.',
      },
      recoveryTitle: 'The recovery key of {name}',
      recoveryExplain:
        'Recipients’ data is encrypted with a key only your members’ passwords can open. This recovery key is the one other way in: if every member forgets their password, it restores access to the documents still waiting for their recipients. It is shown only this once and Certa cannot show it again. Download or print it and keep it offline, somewhere safe (a safe, a password manager shared with another owner). Without it, if every password is lost, pending documents can only be opened through the recipients’ own links.',
      recoveryStored: 'I have stored the recovery key somewhere safe, offline',
      recoveryDone: 'Continue to the application',
      created: 'The organisation {name} is created.',
      domainToken:
        'Your domain verification token is ready: the next page shows how to publish it.',
    },
    application: {
      title: 'Verification application',
      lead: 'Tell the reviewer who your organisation is, add supporting documents and prove that you control your domain. A platform admin reviews it; only approved organisations can issue documents.',
      readOnly:
        'Only owners and admins can change the application. You can follow its progress here.',
      enrolNeeded: 'Owners and admins must turn on two-factor authentication first.',
      status: {
        title: 'Status',
        draft: 'Draft',
        submitted: 'Waiting for review',
        more_info_requested: 'More information requested',
        approved: 'Approved',
        rejected: 'Rejected',
        suspended: 'Suspended',
        draftText:
          'Fill in the details, add evidence and prove your domain, then submit the application for review.',
        submittedText:
          'Submitted on {date} ({age}). A platform reviewer checks it; you are e-mailed the decision. You cannot change the application meanwhile.',
        moreInfoText:
          'The reviewer asked for more information on {date}. Change what is needed below, then submit again.',
        reviewerMessage: 'Message from the reviewer',
        approvedText: 'Your organisation was approved on {date}: it can issue documents.',
        publicProfile: 'Public issuer profile',
        dashboard: 'Go to the dashboard',
        rejectedText: 'The application was rejected on {date}.',
        suspendedText:
          'Your organisation was suspended on {date}: it cannot issue documents for now. Documents already issued stay verifiable.',
        reason: 'Reason',
        contact: 'If you have questions, reply to the e-mail you received.',
      },
      details: {
        title: 'Organisation details',
        legalName: 'Legal name',
        legalNameHelp: 'Exactly as in the official register. At most 200 characters.',
        registrationNumber: 'Registration number',
        registrationNumberHelp:
          'The number in the official register (SIREN, company number, UAI…). At most 100 characters.',
        country: 'Country of registration',
        countryChoose: 'Choose a country',
        website: 'Website',
        websiteHelp: 'Your official website, starting with https://.',
        contactName: 'Contact person',
        contactNameHelp: 'Who the reviewer may contact about this application.',
        contactEmail: 'Contact e-mail address',
        domain: 'Domain to prove',
        domainHelp:
          'The domain name you prove below, such as univ-demo.org (no https:// or path). Left empty, it is the host of the website. Changing it discards the last domain check.',
        save: 'Save the details',
        saved: 'Details saved.',
        notSet: 'Not given',
        errors: {
          required: 'This field cannot be emptied.',
          tooLong: 'At most {max} characters.',
          website: 'Enter an https address, such as https://example.org.',
          websiteHttps: 'The address must start with https://.',
          email: 'Enter an e-mail address such as name@example.org.',
          domain: 'Enter a domain name such as example.org, without https:// or a path.',
          country: 'Choose a country from the list.',
        },
      },
      evidence: {
        title: 'Evidence',
        explain:
          'Documents that prove your organisation exists and that you may act for it: a registration certificate, a proof of address, a letter authorising you. PDF, PNG or JPEG, at most 10 MiB each, at most 10 files. Files are stored encrypted and only reviewers see them; their names are not kept.',
        kind: 'Kind of document',
        kinds: {
          registration_certificate: 'Registration certificate',
          proof_of_address: 'Proof of address',
          authorisation_letter: 'Authorisation letter',
          other: 'Other',
        },
        drop: 'Drop files here, or',
        choose: 'Choose files',
        uploading: 'Uploading {name}',
        uploaded: '{name} is added.',
        count: {
          one: '{count} file of 10',
          other: '{count} files of 10',
        },
        none: 'No evidence yet.',
        full: 'The application holds 10 files, the most it may. Remove one to add another.',
        type: 'Type',
        size: 'Size',
        added: 'Added',
        fingerprint: 'SHA-256',
        actions: 'Actions',
        download: 'Download',
        downloadLabel: 'Download the {kind} added {date}',
        remove: 'Remove',
        removeLabel: 'Remove the {kind} added {date}',
        removeTitle: 'Remove this file?',
        removeText: 'The {kind} ({type}, {size}) added {date} is deleted from the application.',
        removed: 'The file is removed.',
        errors: {
          type: '{name}: only PDF, PNG and JPEG files are accepted.',
          size: '{name}: the file is larger than 10 MiB.',
          empty: '{name}: the file is empty.',
          tooMany: '{name}: the application already holds 10 files.',
        },
        types: {
          'application/pdf': 'PDF',
          'image/png': 'PNG image',
          'image/jpeg': 'JPEG image',
        },
      },
      domain: {
        title: 'Domain proof',
        explain:
          'Prove that your organisation controls {domain} with either method below, then check. The public profile of your organisation shows a verified domain; you may submit before the proof holds, and the reviewer sees the result.',
        noDomain:
          'Enter your website (or a domain) in the details above and save: the instructions for proving it appear here.',
        verified: 'Domain verified on {date} ({method}).',
        notVerified: 'The domain is not verified yet.',
        dnsTitle: 'Method 1: a DNS TXT record',
        dnsExplain:
          'Add this TXT record in your domain’s DNS zone (your IT department or registrar can). DNS changes can take a few minutes to an hour to be visible.',
        recordName: 'Name',
        recordType: 'Type',
        recordValue: 'Value',
        httpTitle: 'Method 2: a file on your website',
        httpExplain:
          'Publish a plain text file at this exact address (https, no redirect to another site), containing exactly this text.',
        fileUrl: 'Address',
        fileContent: 'Content',
        check: 'Check now',
        checking: 'Checking…',
        lastCheck: 'Last check: {date}',
        result: {
          ok: 'Found: the domain {domain} is verified.',
          failed: 'Not found yet for {domain}. What each method found:',
        },
        methods: {
          dns: 'DNS TXT record',
          http: 'File on the website',
        },
        found: 'found',
        notFound: 'not found',
        copyName: 'Copy the name',
        copyValue: 'Copy the value',
        copyUrl: 'Copy the address',
        copyContent: 'Copy the content',
      },
      submit: {
        title: 'Submit for review',
        ready:
          'Everything needed is there. Once submitted, the application cannot be changed until the reviewer answers.',
        missing: 'Before you can submit, add:',
        domainNotVerified:
          'Your domain is not verified yet. You can still submit: the reviewer sees the result of the last check, and may ask you to complete it.',
        unsaved: 'Your unsaved changes to the details are saved first.',
        submit: 'Submit the application',
        resubmit: 'Submit again',
        submitted: 'The application is submitted. You are e-mailed when the reviewer decides.',
        evidence: 'At least one evidence file',
      },
    },
  },
  fr: {
    create: {
      title: 'Créer votre organisation',
      lead: 'Votre organisation émet les documents. Donnez-lui d’abord un nom ; demandez ensuite sa vérification : un examinateur de la plateforme vérifie qui vous êtes avant que votre organisation puisse émettre.',
      steps: {
        label: 'Étapes',
        name: 'Nommer l’organisation',
        key: 'Conserver la clé de récupération',
        apply: 'Demander la vérification',
      },
      name: 'Nom de l’organisation',
      nameHelp:
        'Le nom que voient vos membres et les destinataires, par exemple « Université Démo — Scolarité ». La raison sociale vient dans la demande. Au plus 200 caractères.',
      submit: 'Créer l’organisation',
      errors: {
        nameRequired: 'Saisissez un nom pour l’organisation.',
        nameTooLong: 'Le nom compte au plus 200 caractères.',
      },
      recoveryTitle: 'La clé de récupération de {name}',
      recoveryExplain:
        'Les données des destinataires sont chiffrées avec une clé que seuls les mots de passe de vos membres peuvent ouvrir. Cette clé de récupération est le seul autre accès : si tous les membres oublient leur mot de passe, elle rend l’accès aux documents qui attendent encore leurs destinataires. Elle n’est affichée qu’une seule fois et Certa ne peut pas la réafficher. Téléchargez-la ou imprimez-la et gardez-la hors ligne, en lieu sûr (un coffre, un gestionnaire de mots de passe partagé avec un autre propriétaire). Sans elle, si tous les mots de passe sont perdus, les documents en attente ne peuvent être ouverts que par les liens des destinataires eux-mêmes.',
      recoveryStored: 'J’ai conservé la clé de récupération en lieu sûr, hors ligne',
      recoveryDone: 'Continuer vers la demande',
      created: 'L’organisation {name} est créée.',
      domainToken:
        'Votre jeton de vérification du domaine est prêt : la page suivante explique comment le publier.',
    },
    application: {
      title: 'Demande de vérification',
      lead: 'Indiquez à l’examinateur qui est votre organisation, ajoutez des justificatifs et prouvez que vous contrôlez votre domaine. Un administrateur de la plateforme examine la demande ; seules les organisations approuvées peuvent émettre des documents.',
      readOnly:
        'Seuls les propriétaires et administrateurs peuvent modifier la demande. Vous pouvez suivre son avancement ici.',
      enrolNeeded:
        'Les propriétaires et administrateurs doivent d’abord activer l’authentification à deux facteurs.',
      status: {
        title: 'État',
        draft: 'Brouillon',
        submitted: 'En attente d’examen',
        more_info_requested: 'Compléments demandés',
        approved: 'Approuvée',
        rejected: 'Refusée',
        suspended: 'Suspendue',
        draftText:
          'Complétez les informations, ajoutez des justificatifs et prouvez votre domaine, puis soumettez la demande.',
        submittedText:
          'Soumise le {date} ({age}). Un examinateur de la plateforme la vérifie ; la décision vous est envoyée par e-mail. Vous ne pouvez pas modifier la demande entre-temps.',
        moreInfoText:
          'L’examinateur a demandé des compléments le {date}. Modifiez ce qui est nécessaire ci-dessous, puis soumettez à nouveau.',
        reviewerMessage: 'Message de l’examinateur',
        approvedText:
          'Votre organisation a été approuvée le {date} : elle peut émettre des documents.',
        publicProfile: 'Profil public de l’émetteur',
        dashboard: 'Aller au tableau de bord',
        rejectedText: 'La demande a été refusée le {date}.',
        suspendedText:
          'Votre organisation a été suspendue le {date} : elle ne peut plus émettre de documents pour l’instant. Les documents déjà émis restent vérifiables.',
        reason: 'Motif',
        contact: 'Pour toute question, répondez à l’e-mail que vous avez reçu.',
      },
      details: {
        title: 'Informations sur l’organisation',
        legalName: 'Raison sociale',
        legalNameHelp: 'Exactement comme au registre officiel. Au plus 200 caractères.',
        registrationNumber: 'Numéro d’immatriculation',
        registrationNumberHelp:
          'Le numéro au registre officiel (SIREN, UAI, numéro d’entreprise…). Au plus 100 caractères.',
        country: 'Pays d’immatriculation',
        countryChoose: 'Choisissez un pays',
        website: 'Site web',
        websiteHelp: 'Votre site officiel, commençant par https://.',
        contactName: 'Personne à contacter',
        contactNameHelp: 'La personne que l’examinateur peut contacter au sujet de cette demande.',
        contactEmail: 'Adresse e-mail de contact',
        domain: 'Domaine à prouver',
        domainHelp:
          'Le nom de domaine que vous prouvez ci-dessous, par exemple univ-demo.org (sans https:// ni chemin). Laissé vide, c’est l’hôte du site web. Le changer efface la dernière vérification du domaine.',
        save: 'Enregistrer les informations',
        saved: 'Informations enregistrées.',
        notSet: 'Non renseigné',
        errors: {
          required: 'Ce champ ne peut pas être vidé.',
          tooLong: 'Au plus {max} caractères.',
          website: 'Saisissez une adresse https, par exemple https://example.org.',
          websiteHttps: 'L’adresse doit commencer par https://.',
          email: 'Saisissez une adresse e-mail, par exemple nom@example.org.',
          domain: 'Saisissez un nom de domaine, par exemple example.org, sans https:// ni chemin.',
          country: 'Choisissez un pays dans la liste.',
        },
      },
      evidence: {
        title: 'Justificatifs',
        explain:
          'Des documents qui prouvent que votre organisation existe et que vous pouvez agir en son nom : un extrait d’immatriculation, un justificatif d’adresse, une lettre d’habilitation. PDF, PNG ou JPEG, 10 Mio au plus chacun, 10 fichiers au plus. Les fichiers sont conservés chiffrés et seuls les examinateurs les voient ; leurs noms ne sont pas conservés.',
        kind: 'Type de document',
        kinds: {
          registration_certificate: 'Extrait d’immatriculation',
          proof_of_address: 'Justificatif d’adresse',
          authorisation_letter: 'Lettre d’habilitation',
          other: 'Autre',
        },
        drop: 'Déposez des fichiers ici, ou',
        choose: 'Choisir des fichiers',
        uploading: 'Envoi de {name}',
        uploaded: '{name} est ajouté.',
        count: {
          one: '{count} fichier sur 10',
          other: '{count} fichiers sur 10',
        },
        none: 'Aucun justificatif pour l’instant.',
        full: 'La demande contient 10 fichiers, le maximum. Retirez-en un pour en ajouter un autre.',
        type: 'Type',
        size: 'Taille',
        added: 'Ajouté',
        fingerprint: 'SHA-256',
        actions: 'Actions',
        download: 'Télécharger',
        downloadLabel: 'Télécharger le document « {kind} » ajouté le {date}',
        remove: 'Retirer',
        removeLabel: 'Retirer le document « {kind} » ajouté le {date}',
        removeTitle: 'Retirer ce fichier ?',
        removeText:
          'Le document « {kind} » ({type}, {size}) ajouté le {date} est supprimé de la demande.',
        removed: 'Le fichier est retiré.',
        errors: {
          type: '{name} : seuls les fichiers PDF, PNG et JPEG sont acceptés.',
          size: '{name} : le fichier dépasse 10 Mio.',
          empty: '{name} : le fichier est vide.',
          tooMany: '{name} : la demande contient déjà 10 fichiers.',
        },
        types: {
          'application/pdf': 'PDF',
          'image/png': 'Image PNG',
          'image/jpeg': 'Image JPEG',
        },
      },
      domain: {
        title: 'Preuve du domaine',
        explain:
          'Prouvez que votre organisation contrôle {domain} par l’une des méthodes ci-dessous, puis lancez la vérification. Le profil public de votre organisation indique un domaine vérifié ; vous pouvez soumettre avant que la preuve aboutisse, l’examinateur voit le résultat.',
        noDomain:
          'Saisissez votre site web (ou un domaine) dans les informations ci-dessus et enregistrez : les instructions pour le prouver apparaissent ici.',
        verified: 'Domaine vérifié le {date} ({method}).',
        notVerified: 'Le domaine n’est pas encore vérifié.',
        dnsTitle: 'Méthode 1 : un enregistrement DNS TXT',
        dnsExplain:
          'Ajoutez cet enregistrement TXT dans la zone DNS de votre domaine (votre service informatique ou votre bureau d’enregistrement peut le faire). Un changement DNS peut mettre de quelques minutes à une heure pour être visible.',
        recordName: 'Nom',
        recordType: 'Type',
        recordValue: 'Valeur',
        httpTitle: 'Méthode 2 : un fichier sur votre site',
        httpExplain:
          'Publiez un fichier texte à cette adresse exacte (https, sans redirection vers un autre site), contenant exactement ce texte.',
        fileUrl: 'Adresse',
        fileContent: 'Contenu',
        check: 'Vérifier maintenant',
        checking: 'Vérification…',
        lastCheck: 'Dernière vérification : {date}',
        result: {
          ok: 'Trouvé : le domaine {domain} est vérifié.',
          failed: 'Pas encore trouvé pour {domain}. Ce que chaque méthode a trouvé :',
        },
        methods: {
          dns: 'Enregistrement DNS TXT',
          http: 'Fichier sur le site',
        },
        found: 'trouvé',
        notFound: 'non trouvé',
        copyName: 'Copier le nom',
        copyValue: 'Copier la valeur',
        copyUrl: 'Copier l’adresse',
        copyContent: 'Copier le contenu',
      },
      submit: {
        title: 'Soumettre pour examen',
        ready:
          'Tout ce qui est nécessaire est là. Une fois soumise, la demande ne peut plus être modifiée avant la réponse de l’examinateur.',
        missing: 'Avant de pouvoir soumettre, ajoutez :',
        domainNotVerified:
          'Votre domaine n’est pas encore vérifié. Vous pouvez tout de même soumettre : l’examinateur voit le résultat de la dernière vérification et peut vous demander de la compléter.',
        unsaved: 'Vos modifications non enregistrées des informations sont d’abord enregistrées.',
        submit: 'Soumettre la demande',
        resubmit: 'Soumettre à nouveau',
        submitted: 'La demande est soumise. Vous serez prévenu par e-mail de la décision.',
        evidence: 'Au moins un justificatif',
      },
    },
  },
});

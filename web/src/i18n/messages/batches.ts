import { defineMessages } from '../catalogue.js';

/** Strings of the batch pages: upload, mapping, validation report, progress, deliveries. */
export const batches = defineMessages({
  en: {
    title: 'Batches',
    lead: 'Issue many documents from a spreadsheet (CSV or Excel). Every row is checked first; nothing is issued until you confirm.',
    empty: 'No batch yet.',
    list: {
      label: 'Batches of this organisation',
      created: 'Uploaded',
      state: 'State',
      rows: 'Rows',
      issued: 'Issued',
      sent: 'Sent',
      open: 'Open',
      openNamed: 'Open the batch uploaded on {date}',
    },
    states: {
      validated: 'Checked, waiting for confirmation',
      running: 'Running',
      interrupted: 'Interrupted',
      finished: 'Finished',
      cancelled: 'Cancelled',
    },
    deliveries: {
      awaiting: 'Awaiting delivery',
      sent: 'Sent',
      deferred: 'Deferred (retried)',
      rejected: 'Rejected',
      bounced: 'Bounced',
    },
    upload: {
      title: 'Upload a spreadsheet',
      template: 'Template',
      builtIn: 'Built-in certificate',
      titleField: 'Document title',
      titleHelp: 'Used for every row without a title column, e.g. Master of Science in Physics.',
      drop: 'Drag a CSV or Excel file here, or',
      choose: 'Choose a file',
      help: 'CSV (any delimiter, UTF-8) or XLSX, first row = column names, at most {limit}.',
      uploading: 'Uploading and checking {name}: {percent}',
      wrongType: 'Choose a .csv or .xlsx file.',
      tooLarge: 'This file is larger than {limit}.',
    },
    mapping: {
      title: 'Columns',
      lead: 'Which column feeds which field. It was filled in from the last mapping saved for this template; change it and check the file again if needed.',
      column: 'Column of the file',
      target: 'Field',
      targets: {
        recipient_name: 'Recipient’s name',
        recipient_email: 'Recipient’s e-mail address',
        title: 'Document title',
        locale: 'Language (en, fr)',
        expiresAt: 'Valid until (last valid day)',
        externalId: 'External id (for exactly-once)',
        ignore: 'Ignore this column',
        field: 'Field: {name}',
      },
      recheck: 'Check the file again with these columns',
      needsUnlock:
        'The file is kept sealed to the organisation key: unlock the organisation (below) to check it again. No need to upload it again.',
      rechecked:
        'Checked again with these columns: {valid} valid rows, {invalid} with problems, {already} already issued.',
    },
    report: {
      title: 'Validation report',
      summary:
        '{valid} valid rows, {invalid} with problems, {already} already issued, out of {total}.',
      row: 'Row',
      column: 'Column',
      problem: 'Problem',
      more: 'The first {shown} of {count} problems are shown; download the report for all of them.',
      none: 'Every row is valid.',
      download: 'Download the report (CSV)',
    },
    confirm: {
      title: 'Issue',
      all: 'Issue all {count} rows',
      validOnly: 'Issue the {count} valid rows only',
      allBlocked: 'Some rows have problems: correct the file, or issue the valid rows only.',
      needsUnlock: 'Issuing needs your password: the file is sealed to the organisation key.',
    },
    progress: {
      title: 'Progress',
      issued: 'Issued',
      sent: 'Handed to the mail server',
      live: 'Live',
      polling: 'Updated every few seconds',
      finished: 'The batch is finished.',
      interrupted:
        'The batch stopped before the end. Unlock and resume it: documents whose e-mail was not sent get a new link.',
    },
    leftOver: {
      title: 'Rows not issued',
      invalid_rows_skipped: {
        one: '{count} row with problems was left out: you chose to issue the valid rows only.',
        other: '{count} rows with problems were left out: you chose to issue the valid rows only.',
      },
      upload_erased: {
        one: '{count} row was not issued: a document of this batch was erased, and the uploaded file with it (an erased person’s data is not kept).',
        other:
          '{count} rows were not issued: a document of this batch was erased, and the uploaded file with it (an erased person’s data is not kept).',
      },
      upload_missing: {
        one: '{count} row was not issued: the uploaded file was no longer stored when the batch ran.',
        other:
          '{count} rows were not issued: the uploaded file was no longer stored when the batch ran.',
      },
      skipped_at_run: {
        one: '{count} row was not issued when the batch ran: another batch issued it meanwhile (the same file uploaded twice), or it no longer passed the checks (a date now past).',
        other:
          '{count} rows were not issued when the batch ran: another batch issued them meanwhile (the same file uploaded twice), or they no longer passed the checks (a date now past).',
      },
      cancelled: {
        one: '{count} row was not issued: the batch was cancelled.',
        other: '{count} rows were not issued: the batch was cancelled.',
      },
      action: 'Upload the file again: rows already issued are recognised and skipped.',
      actionInvalid:
        'Correct those rows in the file and upload it again: rows already issued are recognised and skipped.',
      upload: 'Upload the file again',
      resumeFirst:
        'Resume the batch first: it delivers what was issued and finishes, without these rows.',
    },
    actions: {
      cancel: 'Cancel the batch',
      cancelTitle: 'Cancel this batch?',
      cancelText:
        'Rows not issued yet will not be. Documents already issued stay issued. The uploaded file is deleted.',
      cancelConfirm: 'Cancel the batch',
      cancelled: 'The batch was cancelled.',
      resume: 'Resume',
      resendAll: 'Re-send every undelivered e-mail',
      resendRejected: 'Include refused and bounced addresses',
      resending: 'Re-sending.',
      resendOne: 'Re-send',
      resendOneNamed: 'Re-send the e-mail of row {row}',
      resent: 'A new link was sent for row {row}.',
    },
    documents: {
      title: 'Documents and deliveries',
      filter: 'Delivery',
      any: 'All',
      apply: 'Filter',
      row: 'Row',
      document: 'Document',
      delivery: 'Delivery',
      attempts: 'Attempts',
      error: 'Relay’s answer',
      empty: 'No document matches.',
    },
  },
  fr: {
    title: 'Lots',
    lead: 'Émettez de nombreux documents à partir d’un tableur (CSV ou Excel). Chaque ligne est d’abord vérifiée ; rien n’est émis avant votre confirmation.',
    empty: 'Aucun lot pour l’instant.',
    list: {
      label: 'Lots de cette organisation',
      created: 'Déposé',
      state: 'État',
      rows: 'Lignes',
      issued: 'Émis',
      sent: 'Envoyés',
      open: 'Ouvrir',
      openNamed: 'Ouvrir le lot déposé le {date}',
    },
    states: {
      validated: 'Vérifié, en attente de confirmation',
      running: 'En cours',
      interrupted: 'Interrompu',
      finished: 'Terminé',
      cancelled: 'Annulé',
    },
    deliveries: {
      awaiting: 'En attente d’envoi',
      sent: 'Envoyé',
      deferred: 'Différé (réessayé)',
      rejected: 'Refusé',
      bounced: 'Revenu en erreur',
    },
    upload: {
      title: 'Déposer un tableur',
      template: 'Modèle',
      builtIn: 'Certificat intégré',
      titleField: 'Titre du document',
      titleHelp: 'Utilisé pour chaque ligne sans colonne de titre, par exemple Master de physique.',
      drop: 'Glissez un fichier CSV ou Excel ici, ou',
      choose: 'Choisir un fichier',
      help: 'CSV (tout séparateur, UTF-8) ou XLSX, première ligne = noms des colonnes, {limit} au plus.',
      uploading: 'Envoi et vérification de {name} : {percent}',
      wrongType: 'Choisissez un fichier .csv ou .xlsx.',
      tooLarge: 'Ce fichier dépasse {limit}.',
    },
    mapping: {
      title: 'Colonnes',
      lead: 'Quelle colonne alimente quel champ. Rempli d’après la dernière correspondance enregistrée pour ce modèle ; modifiez-la et vérifiez le fichier à nouveau si besoin.',
      column: 'Colonne du fichier',
      target: 'Champ',
      targets: {
        recipient_name: 'Nom du destinataire',
        recipient_email: 'Adresse électronique du destinataire',
        title: 'Titre du document',
        locale: 'Langue (en, fr)',
        expiresAt: 'Valable jusqu’au (dernier jour)',
        externalId: 'Identifiant externe (pour une seule émission)',
        ignore: 'Ignorer cette colonne',
        field: 'Champ : {name}',
      },
      recheck: 'Vérifier le fichier à nouveau avec ces colonnes',
      needsUnlock:
        'Le fichier est gardé scellé par la clé de l’organisation : déverrouillez l’organisation (plus bas) pour le vérifier à nouveau. Inutile de le téléverser encore.',
      rechecked:
        'Vérifié à nouveau avec ces colonnes : {valid} lignes valides, {invalid} avec des problèmes, {already} déjà émises.',
    },
    report: {
      title: 'Rapport de vérification',
      summary:
        '{valid} lignes valides, {invalid} avec des problèmes, {already} déjà émises, sur {total}.',
      row: 'Ligne',
      column: 'Colonne',
      problem: 'Problème',
      more: 'Les {shown} premiers des {count} problèmes sont affichés ; téléchargez le rapport pour les voir tous.',
      none: 'Toutes les lignes sont valides.',
      download: 'Télécharger le rapport (CSV)',
    },
    confirm: {
      title: 'Émettre',
      all: 'Émettre les {count} lignes',
      validOnly: 'Émettre seulement les {count} lignes valides',
      allBlocked:
        'Des lignes ont des problèmes : corrigez le fichier, ou n’émettez que les lignes valides.',
      needsUnlock:
        'L’émission demande votre mot de passe : le fichier est scellé avec la clé de l’organisation.',
    },
    progress: {
      title: 'Avancement',
      issued: 'Émis',
      sent: 'Remis au serveur de messagerie',
      live: 'En direct',
      polling: 'Mis à jour toutes les quelques secondes',
      finished: 'Le lot est terminé.',
      interrupted:
        'Le lot s’est arrêté avant la fin. Déverrouillez et reprenez-le : les documents dont le courriel n’est pas parti reçoivent un nouveau lien.',
    },
    leftOver: {
      title: 'Lignes non émises',
      invalid_rows_skipped: {
        one: '{count} ligne avec des problèmes a été laissée de côté : vous avez choisi de n’émettre que les lignes valides.',
        other:
          '{count} lignes avec des problèmes ont été laissées de côté : vous avez choisi de n’émettre que les lignes valides.',
      },
      upload_erased: {
        one: '{count} ligne n’a pas été émise : un document de ce lot a été effacé, et le fichier déposé avec lui (les données d’une personne effacée ne sont pas gardées).',
        other:
          '{count} lignes n’ont pas été émises : un document de ce lot a été effacé, et le fichier déposé avec lui (les données d’une personne effacée ne sont pas gardées).',
      },
      upload_missing: {
        one: '{count} ligne n’a pas été émise : le fichier déposé n’était plus conservé quand le lot s’est exécuté.',
        other:
          '{count} lignes n’ont pas été émises : le fichier déposé n’était plus conservé quand le lot s’est exécuté.',
      },
      skipped_at_run: {
        one: '{count} ligne n’a pas été émise lors de l’exécution du lot : un autre lot l’a émise entre-temps (le même fichier déposé deux fois), ou elle ne passait plus les vérifications (une date désormais passée).',
        other:
          '{count} lignes n’ont pas été émises lors de l’exécution du lot : un autre lot les a émises entre-temps (le même fichier déposé deux fois), ou elles ne passaient plus les vérifications (une date désormais passée).',
      },
      cancelled: {
        one: '{count} ligne n’a pas été émise : le lot a été annulé.',
        other: '{count} lignes n’ont pas été émises : le lot a été annulé.',
      },
      action: 'Déposez le fichier à nouveau : les lignes déjà émises sont reconnues et ignorées.',
      actionInvalid:
        'Corrigez ces lignes dans le fichier et déposez-le à nouveau : les lignes déjà émises sont reconnues et ignorées.',
      upload: 'Déposer le fichier à nouveau',
      resumeFirst:
        'Reprenez d’abord le lot : il remet ce qui a été émis et se termine, sans ces lignes.',
    },
    actions: {
      cancel: 'Annuler le lot',
      cancelTitle: 'Annuler ce lot ?',
      cancelText:
        'Les lignes pas encore émises ne le seront pas. Les documents déjà émis le restent. Le fichier déposé est supprimé.',
      cancelConfirm: 'Annuler le lot',
      cancelled: 'Le lot a été annulé.',
      resume: 'Reprendre',
      resendAll: 'Renvoyer tous les courriels non remis',
      resendRejected: 'Inclure les adresses refusées ou revenues en erreur',
      resending: 'Renvoi en cours.',
      resendOne: 'Renvoyer',
      resendOneNamed: 'Renvoyer le courriel de la ligne {row}',
      resent: 'Un nouveau lien a été envoyé pour la ligne {row}.',
    },
    documents: {
      title: 'Documents et remises',
      filter: 'Remise',
      any: 'Toutes',
      apply: 'Filtrer',
      row: 'Ligne',
      document: 'Document',
      delivery: 'Remise',
      attempts: 'Tentatives',
      error: 'Réponse du relais',
      empty: 'Aucun document ne correspond.',
    },
  },
});

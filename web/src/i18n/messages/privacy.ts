import { defineMessages } from '../catalogue.js';

/** Strings of erasure (document page) and retention (organisation settings). */
export const privacy = defineMessages({
  en: {
    retention: {
      nav: 'Retention',
      title: 'Data retention',
      lead: 'Erase recipients’ data automatically once it is no longer needed. Off by default. A daily run (03:00 UTC) erases, by crypto-shredding, the documents the rules match: verification then says they were erased under your retention rules.',
      notManager: 'Only owners and admins set the retention rules.',
      pendingOn: 'Erase documents never activated',
      pendingMonths: 'Months after issuance',
      activatedOn: 'Erase activated documents’ data',
      activatedYears: 'Years after activation',
      periodHelp: 'A whole number: {min} to {max}.',
      periodInvalid: 'Enter a whole number from {min} to {max}.',
      save: 'Save the rules',
      saved: 'The retention rules are saved.',
      off: 'Nothing is erased automatically.',
      runsTitle: 'Last runs',
      runsNone: 'No run yet.',
      ranAt: 'Run',
      erasedPending: 'Never activated, erased',
      erasedActivated: 'Activated, erased',
    },
    erase: {
      title: 'Erase the personal data',
      explain:
        'Destroys the recipient’s data for good (crypto-shredding): the encrypted record, every key and the stored PDF. Verification will say the document was erased; its anchored digests stay valid and reveal nothing. This cannot be undone.',
      open: 'Erase this document’s data…',
      confirmTitle: 'Erase this document’s personal data?',
      confirmText:
        'The recipient’s data of “{title}” will be destroyed and cannot be recovered, by anyone. The recipient’s link will open nothing.',
      confirm: 'Erase for good',
      reason: 'Reason',
      reasonHelp: 'Kept in the audit trail.',
      reasons: {
        holder_request: 'The recipient asked for it',
        issued_in_error: 'Issued in error',
        legal_obligation: 'A legal obligation',
        no_longer_needed: 'No longer needed',
        other: 'Another reason',
      },
      done: 'The document’s personal data are erased.',
      already: 'The document’s personal data had already been erased.',
    },
  },
  fr: {
    retention: {
      nav: 'Conservation',
      title: 'Conservation des données',
      lead: 'Effacez automatiquement les données des destinataires quand elles ne sont plus nécessaires. Désactivé par défaut. Une exécution quotidienne (03:00 UTC) efface, par effacement cryptographique, les documents visés par les règles : la vérification indique alors qu’ils ont été effacés selon vos règles de conservation.',
      notManager:
        'Seuls les propriétaires et les administrateurs fixent les règles de conservation.',
      pendingOn: 'Effacer les documents jamais activés',
      pendingMonths: 'Mois après l’émission',
      activatedOn: 'Effacer les données des documents activés',
      activatedYears: 'Années après l’activation',
      periodHelp: 'Un nombre entier : de {min} à {max}.',
      periodInvalid: 'Saisissez un nombre entier de {min} à {max}.',
      save: 'Enregistrer les règles',
      saved: 'Les règles de conservation sont enregistrées.',
      off: 'Rien n’est effacé automatiquement.',
      runsTitle: 'Dernières exécutions',
      runsNone: 'Aucune exécution pour l’instant.',
      ranAt: 'Exécution',
      erasedPending: 'Jamais activés, effacés',
      erasedActivated: 'Activés, effacés',
    },
    erase: {
      title: 'Effacer les données personnelles',
      explain:
        'Détruit définitivement les données du destinataire (effacement cryptographique) : l’enregistrement chiffré, toutes les clés et le PDF conservé. La vérification indiquera que le document a été effacé ; ses empreintes ancrées restent valides et ne révèlent rien. C’est irréversible.',
      open: 'Effacer les données de ce document…',
      confirmTitle: 'Effacer les données personnelles de ce document ?',
      confirmText:
        'Les données du destinataire de « {title} » seront détruites et personne ne pourra les récupérer. Le lien du destinataire n’ouvrira plus rien.',
      confirm: 'Effacer définitivement',
      reason: 'Motif',
      reasonHelp: 'Conservé dans le journal d’audit.',
      reasons: {
        holder_request: 'Le destinataire l’a demandé',
        issued_in_error: 'Émis par erreur',
        legal_obligation: 'Une obligation légale',
        no_longer_needed: 'Plus nécessaire',
        other: 'Un autre motif',
      },
      done: 'Les données personnelles du document sont effacées.',
      already: 'Les données personnelles du document avaient déjà été effacées.',
    },
  },
});

import { defineMessages } from '../catalogue.js';

/** Strings of reminders: organisation settings, the due banner, a document's reminders. */
export const reminders = defineMessages({
  en: {
    settings: {
      title: 'Reminders',
      lead: 'Remind recipients who have not activated their document after some days. The server cannot read their addresses on its own: a daily check counts the documents due, and the reminders go out — each with a new link — when a member who may issue unlocks the organisation, or presses “Send now”.',
      enabled: 'Send reminders',
      days: 'Days after issuance',
      daysHelp:
        'Whole numbers from 1 to 365, going up, separated by commas: e.g. 7, 21. Past the list, the last interval repeats.',
      daysInvalid: 'Enter whole numbers from 1 to 365, each larger than the one before.',
      max: 'Most reminders per document',
      maxHelp: 'A whole number from 1 to 10.',
      maxInvalid: 'Enter a whole number from 1 to 10.',
      save: 'Save the reminders',
      saved: 'The reminder settings are saved.',
      off: 'No reminder is sent.',
      due: { one: '{count} reminder is due now.', other: '{count} reminders are due now.' },
      checkedAt: 'Last checked {date}.',
    },
    banner: {
      due: {
        one: '{count} reminder is due — send it now',
        other: '{count} reminders are due — send them now',
      },
      explain: 'Each recipient gets a reminder with a new link; their older link stops working.',
      send: 'Send now',
      locked: 'Unlock the organisation above to send them.',
      sent: {
        one: '{count} reminder sent.',
        other: '{count} reminders sent.',
      },
      notAll: 'Some could not be sent ({failed}); they stay due.',
      stoppedByUnlock:
        'Sending stopped because your unlock ended (it expired, or the organisation was locked). Unlock again to send the rest.',
    },
    document: {
      title: 'Reminders',
      none: 'No reminder sent yet.',
      sent: {
        one: '{count} reminder sent, the last on {date}.',
        other: '{count} reminders sent, the last on {date}.',
      },
      due: 'A reminder is due: it goes out at the next unlock.',
      stopped: 'Reminders are stopped for this document (since {date}).',
      stop: 'Stop reminders',
      allow: 'Allow reminders again',
      stoppedDone: 'Reminders are stopped for this document.',
      allowedDone: 'Reminders are allowed again for this document.',
    },
  },
  fr: {
    settings: {
      title: 'Rappels',
      lead: "Relancez les destinataires qui n'ont pas activé leur document après quelques jours. Le serveur ne peut pas lire leurs adresses seul : une vérification quotidienne compte les documents concernés, et les rappels partent — chacun avec un nouveau lien — quand un membre autorisé à délivrer déverrouille l'organisation, ou appuie sur « Envoyer maintenant ».",
      enabled: 'Envoyer des rappels',
      days: 'Jours après la délivrance',
      daysHelp:
        'Nombres entiers de 1 à 365, croissants, séparés par des virgules : par ex. 7, 21. Au-delà de la liste, le dernier intervalle se répète.',
      daysInvalid: 'Saisissez des nombres entiers de 1 à 365, chacun plus grand que le précédent.',
      max: 'Nombre maximal de rappels par document',
      maxHelp: 'Un nombre entier de 1 à 10.',
      maxInvalid: 'Saisissez un nombre entier de 1 à 10.',
      save: 'Enregistrer les rappels',
      saved: 'Les réglages des rappels sont enregistrés.',
      off: "Aucun rappel n'est envoyé.",
      due: { one: '{count} rappel est dû.', other: '{count} rappels sont dus.' },
      checkedAt: 'Dernière vérification : {date}.',
    },
    banner: {
      due: {
        one: '{count} rappel est dû — envoyez-le maintenant',
        other: '{count} rappels sont dus — envoyez-les maintenant',
      },
      explain:
        'Chaque destinataire reçoit un rappel avec un nouveau lien ; son lien précédent ne fonctionne plus.',
      send: 'Envoyer maintenant',
      locked: "Déverrouillez l'organisation ci-dessus pour les envoyer.",
      sent: { one: '{count} rappel envoyé.', other: '{count} rappels envoyés.' },
      notAll: "Certains n'ont pas pu être envoyés ({failed}) ; ils restent dus.",
      stoppedByUnlock:
        "L'envoi s'est arrêté parce que votre déverrouillage a pris fin (il a expiré, ou l'organisation a été verrouillée). Déverrouillez-la de nouveau pour envoyer les autres.",
    },
    document: {
      title: 'Rappels',
      none: "Aucun rappel envoyé pour l'instant.",
      sent: {
        one: '{count} rappel envoyé, le dernier le {date}.',
        other: '{count} rappels envoyés, le dernier le {date}.',
      },
      due: 'Un rappel est dû : il partira au prochain déverrouillage.',
      stopped: 'Les rappels sont arrêtés pour ce document (depuis le {date}).',
      stop: 'Arrêter les rappels',
      allow: 'Autoriser de nouveau les rappels',
      stoppedDone: 'Les rappels sont arrêtés pour ce document.',
      allowedDone: 'Les rappels sont de nouveau autorisés pour ce document.',
    },
  },
});

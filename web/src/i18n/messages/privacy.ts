import { defineMessages } from '../catalogue.js';

/** Strings of erasure (document page) and retention (organisation settings). */
export const privacy = defineMessages({
  en: {
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

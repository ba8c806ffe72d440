import type { components } from '../../api/schema.js';
import { defineMessages } from '../catalogue.js';

/**
 * What the console says for each error code of the API (src/errors.ts). The server's own
 * message (English) is shown under it when it adds detail, e.g. which field is wrong.
 */
export const errors = defineMessages({
  en: {
    network: 'The server cannot be reached. Check your connection and try again.',
    unexpected: 'Unexpected error ({status}).',
    codes: {
      INVALID_INPUT: 'Some information is missing or not valid.',
      UNAUTHENTICATED: 'You are not logged in.',
      INVALID_CREDENTIALS: 'The e-mail address, password or code is not right.',
      FORBIDDEN: 'You are not allowed to do this.',
      UNLOCK_REQUIRED: 'Unlock recipient data with your password first.',
      SECOND_FACTOR_REQUIRED: 'Enter the code from your authenticator app.',
      TWO_FACTOR_ENROLMENT_REQUIRED: 'Turn on two-factor authentication first (My account).',
      CSRF_FAILED: 'Your session could not be checked. Reload the page.',
      LINK_INVALID: 'This link is no longer valid.',
      NOT_FOUND: 'Not found.',
      CONFLICT: 'This cannot be done in the current state.',
      ACTIVATION_FAILED: 'Activation failed.',
      TERMS_NOT_ACCEPTED: 'The terms must be accepted.',
      TERMS_ACCEPTANCE_REQUIRED: 'New terms of use are in force: read and accept them first.',
      TERMS_OUTDATED: 'The terms have changed since this page was opened: read the new version.',
      RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
      DOMAIN_NOT_VERIFIED:
        'The organisation’s domain is not verified: approving it needs an explicit waiver with a reason.',
      ISSUER_NOT_APPROVED: 'Your organisation must be approved before it can do this.',
      PAYLOAD_TOO_LARGE: 'The file or request is too large.',
      UNSUPPORTED_MEDIA: 'This kind of file is not accepted.',
      UPSTREAM_FAILED: 'A service the platform depends on (e-mail, DNS…) did not answer.',
      INTEGRITY_FAILURE: 'The platform found an integrity problem.',
      INTERNAL: 'The server failed. Try again later.',
      UNAVAILABLE: 'The platform is busy or one of its services is down. Try again in a moment.',
    },
  },
  fr: {
    network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
    unexpected: 'Erreur inattendue ({status}).',
    codes: {
      INVALID_INPUT: 'Des informations manquent ou ne sont pas valides.',
      UNAUTHENTICATED: 'Vous n’êtes pas connecté.',
      INVALID_CREDENTIALS: 'L’adresse e-mail, le mot de passe ou le code est incorrect.',
      FORBIDDEN: 'Vous n’avez pas le droit de faire ceci.',
      UNLOCK_REQUIRED:
        'Déverrouillez d’abord les données des destinataires avec votre mot de passe.',
      SECOND_FACTOR_REQUIRED: 'Saisissez le code de votre application d’authentification.',
      TWO_FACTOR_ENROLMENT_REQUIRED:
        'Activez d’abord l’authentification à deux facteurs (Mon compte).',
      CSRF_FAILED: 'Votre session n’a pas pu être vérifiée. Rechargez la page.',
      LINK_INVALID: 'Ce lien n’est plus valide.',
      NOT_FOUND: 'Introuvable.',
      CONFLICT: 'Impossible dans l’état actuel.',
      ACTIVATION_FAILED: 'L’activation a échoué.',
      TERMS_NOT_ACCEPTED: 'Les conditions doivent être acceptées.',
      TERMS_ACCEPTANCE_REQUIRED:
        'De nouvelles conditions d’utilisation sont en vigueur : lisez-les et acceptez-les d’abord.',
      TERMS_OUTDATED:
        'Les conditions ont changé depuis l’ouverture de cette page : lisez la nouvelle version.',
      RATE_LIMITED: 'Trop de tentatives. Patientez un instant puis réessayez.',
      DOMAIN_NOT_VERIFIED:
        'Le domaine de l’organisation n’est pas vérifié : l’approuver demande une dérogation explicite avec une raison.',
      ISSUER_NOT_APPROVED: 'Votre organisation doit être approuvée avant de pouvoir faire ceci.',
      PAYLOAD_TOO_LARGE: 'Le fichier ou la requête est trop volumineux.',
      UNSUPPORTED_MEDIA: 'Ce type de fichier n’est pas accepté.',
      UPSTREAM_FAILED: 'Un service dont dépend la plateforme (e-mail, DNS…) n’a pas répondu.',
      INTEGRITY_FAILURE: 'La plateforme a détecté un problème d’intégrité.',
      INTERNAL: 'Le serveur a échoué. Réessayez plus tard.',
      UNAVAILABLE:
        'La plateforme est occupée ou l’un de ses services est indisponible. Réessayez dans un instant.',
    },
  },
});

/** Every error code the API can answer has a sentence: a new code without one is a compile error. */
type ApiErrorCode = components['schemas']['def-0']['error']['code'];
const everyCodeHasASentence: Record<ApiErrorCode, string> = errors.en.codes;
void everyCodeHasASentence;

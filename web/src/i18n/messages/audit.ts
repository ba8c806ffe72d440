import { defineMessages } from '../catalogue.js';

/** Strings of the audit trail pages: the platform's whole trail and an organisation's own. */
export const audit = defineMessages({
  en: {
    nav: 'Audit trail',
    platformTitle: 'Audit trail',
    platformLead:
      'Every security- and privacy-relevant event of the platform, as a hash chain: each entry holds the hash of the one before, and the chain’s head goes into every Bitcoin anchor batch. Entries hold ids, never personal data.',
    organisationTitle: 'Audit trail',
    organisationLead:
      'What happened in your organisation: log-ins to it, unlocks, issuance, revocations, members, keys, settings. Each entry is part of the platform’s hash chain, anchored on Bitcoin. Only owners see this page.',
    notOwner: 'Only the organisation’s owners see its audit trail. Your role is {role}.',
    chain: {
      title: 'Chain',
      intact:
        'Verified from entry {from} up to entry {to}: every link and hash matches, and every anchored head.',
      broken: 'The chain is broken at entry {seq}: {message}',
      lastAnchored: 'Last head anchored in Bitcoin: entry {seq}, block time {time}.',
      lastAnchoredNoTime: 'Last head anchored in Bitcoin: entry {seq}.',
      noneAnchored: 'No head is anchored in Bitcoin yet.',
      heads: 'Heads put into anchor batches: {count}.',
      full: 'The full check of every entry is `certa audit verify` on the host.',
    },
    filters: {
      legend: 'Filter',
      issuer: 'Organisation id',
      action: 'Action',
      anyAction: 'Any action',
      actor: 'Actor id',
      from: 'From (date)',
      to: 'Until (date, excluded)',
      apply: 'Apply',
      clear: 'Clear',
    },
    caption: 'Audit entries, newest first',
    seq: 'Entry',
    when: 'When',
    action: 'Action',
    actor: 'Actor',
    target: 'Object',
    details: 'Details',
    empty: 'No entry matches.',
    actorTypes: {
      user: 'User',
      api_key: 'API key',
      recipient: 'Recipient',
      system: 'System',
    },
    yes: 'yes',
    no: 'no',
  },
  fr: {
    nav: 'Journal d’audit',
    platformTitle: 'Journal d’audit',
    platformLead:
      'Chaque événement de la plateforme qui touche à la sécurité ou à la vie privée, en chaîne de hachage : chaque entrée contient l’empreinte de la précédente, et la tête de la chaîne entre dans chaque lot ancré sur Bitcoin. Les entrées contiennent des identifiants, jamais de données personnelles.',
    organisationTitle: 'Journal d’audit',
    organisationLead:
      'Ce qui s’est passé dans votre organisation : connexions, déverrouillages, émissions, révocations, membres, clés, réglages. Chaque entrée fait partie de la chaîne de hachage de la plateforme, ancrée sur Bitcoin. Seuls les propriétaires voient cette page.',
    notOwner:
      'Seuls les propriétaires de l’organisation voient son journal d’audit. Votre rôle : {role}.',
    chain: {
      title: 'Chaîne',
      intact:
        'Vérifiée de l’entrée {from} à l’entrée {to} : chaque lien et chaque empreinte concordent, ainsi que chaque tête ancrée.',
      broken: 'La chaîne est rompue à l’entrée {seq} : {message}',
      lastAnchored: 'Dernière tête ancrée sur Bitcoin : entrée {seq}, heure du bloc {time}.',
      lastAnchoredNoTime: 'Dernière tête ancrée sur Bitcoin : entrée {seq}.',
      noneAnchored: 'Aucune tête n’est encore ancrée sur Bitcoin.',
      heads: 'Têtes placées dans des lots d’ancrage : {count}.',
      full: 'La vérification complète de chaque entrée est `certa audit verify` sur l’hôte.',
    },
    filters: {
      legend: 'Filtrer',
      issuer: 'Identifiant de l’organisation',
      action: 'Action',
      anyAction: 'Toutes les actions',
      actor: 'Identifiant de l’acteur',
      from: 'Depuis (date)',
      to: 'Jusqu’au (date, exclue)',
      apply: 'Appliquer',
      clear: 'Effacer',
    },
    caption: 'Entrées du journal, les plus récentes d’abord',
    seq: 'Entrée',
    when: 'Quand',
    action: 'Action',
    actor: 'Acteur',
    target: 'Objet',
    details: 'Détails',
    empty: 'Aucune entrée ne correspond.',
    actorTypes: {
      user: 'Utilisateur',
      api_key: 'Clé d’API',
      recipient: 'Destinataire',
      system: 'Système',
    },
    yes: 'oui',
    no: 'non',
  },
});

import { defineMessages } from '../catalogue.js';

/** Strings of the admin pages. */
export const admin = defineMessages({
  en: {
    title: 'Admin',
  },
  fr: {
    title: 'Admin',
  },
});

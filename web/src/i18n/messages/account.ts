import { defineMessages } from '../catalogue.js';

/** Strings of the account pages. */
export const account = defineMessages({
  en: {
    title: 'Account',
  },
  fr: {
    title: 'Account',
  },
});

import { defineMessages } from '../catalogue.js';

/** Strings of the organisation pages. */
export const organisation = defineMessages({
  en: {
    title: 'Organisation',
  },
  fr: {
    title: 'Organisation',
  },
});

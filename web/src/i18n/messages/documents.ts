import { defineMessages } from '../catalogue.js';

/** Strings of the documents pages. */
export const documents = defineMessages({
  en: {
    title: 'Documents',
  },
  fr: {
    title: 'Documents',
  },
});

import { defineMessages } from '../catalogue.js';

/** Strings of the dashboard pages. */
export const dashboard = defineMessages({
  en: {
    title: 'Dashboard',
  },
  fr: {
    title: 'Dashboard',
  },
});

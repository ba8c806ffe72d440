import { defineMessages } from '../catalogue.js';

/** Strings of the onboarding pages. */
export const onboarding = defineMessages({
  en: {
    title: 'Onboarding',
  },
  fr: {
    title: 'Onboarding',
  },
});

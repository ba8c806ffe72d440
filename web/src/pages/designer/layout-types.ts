import type { ResponseOf } from '../../api/types.js';

/** The renderer's layout of a definition (POST …/templates/layout). */
export type TemplateLayout = ResponseOf<
  '/api/organisations/{organisationId}/templates/layout',
  'post'
>;
export type ElementLayout = TemplateLayout['elements'][number];

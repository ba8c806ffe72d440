import type { BodyOf } from '../../api/types.js';

/*
 * Sample data sets that stress a layout: a long name, the right-to-left and CJK scripts the
 * renderer supports, and optional fields left empty. Fields not given are filled with samples
 * by the server (all of them, or only the required ones when `fields` is an empty list).
 */

export type PreviewData = NonNullable<
  BodyOf<'/api/organisations/{organisationId}/templates/preview', 'post'>['data']
>;

export const SAMPLE_SETS = [
  'standard',
  'long',
  'arabic',
  'hebrew',
  'chinese',
  'emptyOptional',
] as const;
export type SampleSet = (typeof SAMPLE_SETS)[number];

export function sampleData(set: SampleSet, locale: 'en' | 'fr'): PreviewData {
  switch (set) {
    case 'standard':
      return { recipient: { name: 'Ada Lovelace' }, title: 'Master of Science', locale };
    case 'long':
      return {
        recipient: {
          name: 'Maximilian Alexander Bartholomäus von Hohenzollern-Sigmaringen und Liechtenstein',
        },
        title: 'Master of Science in Computational and Mathematical Engineering with Honours',
        locale,
      };
    case 'arabic':
      return { recipient: { name: 'ليلى عبد الرحمن الهاشمي' }, title: 'ماجستير في العلوم', locale };
    case 'hebrew':
      return { recipient: { name: 'נועה בן־דוד' }, title: 'תואר שני במדעים', locale };
    case 'chinese':
      return { recipient: { name: '张伟明' }, title: '理学硕士', locale };
    case 'emptyOptional':
      return {
        recipient: { name: 'Ada Lovelace' },
        title: 'Master of Science',
        fields: [],
        locale,
      };
  }
}

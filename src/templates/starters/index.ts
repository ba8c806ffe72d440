import type { TemplateDefinitionValue } from '../template-definition.js';
import { attestationStarter } from './attestation.js';
import { completionStarter } from './completion.js';
import { diplomaStarter } from './diploma.js';

/*
 * Starter templates a new organisation can begin from: their art is drawn with the model's own
 * rectangles and lines (no uploaded background), their fonts are built in, and every one passes
 * `checkTemplateDefinition` (tested), so creating a template from one always succeeds.
 */

export interface TemplateStarter {
  readonly id: 'diploma' | 'completion' | 'attestation';
  readonly name: string;
  readonly description: string;
  readonly definition: TemplateDefinitionValue;
}

export const TEMPLATE_STARTERS: readonly TemplateStarter[] = [
  {
    id: 'diploma',
    name: 'Diploma',
    description: 'Landscape A4: double frame, recipient name large and centred, QR code at right.',
    definition: diplomaStarter,
  },
  {
    id: 'completion',
    name: 'Certificate of completion',
    description: 'Portrait A4: coloured band, course, hours and completion date, QR code below.',
    definition: completionStarter,
  },
  {
    id: 'attestation',
    name: 'Attestation',
    description:
      'One page, letter style: a statement about the recipient, place and date, QR code.',
    definition: attestationStarter,
  },
];

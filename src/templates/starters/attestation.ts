import type { TemplateDefinitionValue } from '../template-definition.js';
import {
  documentId,
  line,
  qr,
  rectangle,
  text,
  INK,
  NAVY,
  PORTRAIT_LEFT,
  PORTRAIT_WIDTH,
} from './elements.js';

const LEFT = PORTRAIT_LEFT;
const WIDTH = PORTRAIT_WIDTH;

/** A one-page attestation (A4 portrait, letter style): heading, statement, place and date, QR. */
export const attestationStarter: TemplateDefinitionValue = {
  page: { size: 'A4', orientation: 'portrait' },
  elements: [
    text('issuer', [LEFT, 56.69, 340, 22], '{{issuer.name}}', {
      bold: true,
      size: 14,
      color: NAVY,
    }),
    line('header-rule', [LEFT, 86, WIDTH, 4], NAVY, 1),
    text('title', [LEFT, 140, WIDTH, 32], 'Attestation', {
      bold: true,
      size: 24,
      color: INK,
      align: 'center',
    }),
    text('intro', [LEFT, 210, WIDTH, 20], '{{issuer.name}} attests that', { size: 12, color: INK }),
    text('name', [LEFT, 238, WIDTH, 26], '{{recipient.name}}', {
      bold: true,
      size: 18,
      minSize: 10,
      color: INK,
    }),
    text('statement', [LEFT, 276, WIDTH, 160], '{{fields.statement}}', {
      size: 12,
      minSize: 8,
      color: INK,
      maxLines: 10,
    }),
    text('place-date', [LEFT, 470, WIDTH, 18], '{{fields.place}} {{issuedAt}}', {
      size: 12,
      color: INK,
      align: 'right',
    }),
    qr('qr', [LEFT, 690, 90, 90], INK),
    documentId('document-id', [160, 760, 378.59, 14], { size: 8, color: '#5F6B7A' }),
    rectangle('frame', [28.35, 28.35, 538.58, 785.19], { stroke: '#C3C9D2', strokeWidth: 0.75 }),
  ],
  fields: [
    { key: 'statement', label: 'Statement', type: 'text', required: true },
    { key: 'place', label: 'Place', type: 'text', required: false },
  ],
};

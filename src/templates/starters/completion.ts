import type { TemplateDefinitionValue } from '../template-definition.js';
import {
  documentId,
  line,
  qr,
  rectangle,
  text,
  GOLD,
  INK,
  MUTED,
  NAVY,
  PORTRAIT_LEFT,
  PORTRAIT_WIDTH,
} from './elements.js';

const LEFT = PORTRAIT_LEFT;
const WIDTH = PORTRAIT_WIDTH;

/** A portrait A4 certificate of completion: a navy band at the top, the course, hours and date. */
export const completionStarter: TemplateDefinitionValue = {
  page: { size: 'A4', orientation: 'portrait' },
  elements: [
    rectangle('band', [0, 0, 595.28, 150], { fill: NAVY, stroke: null }),
    rectangle('band-rule', [0, 150, 595.28, 6], { fill: GOLD, stroke: null }),
    text('issuer', [LEFT, 40, WIDTH, 22], '{{issuer.name}}', {
      size: 14,
      color: '#FFFFFF',
      align: 'center',
    }),
    text('title', [LEFT, 76, WIDTH, 44], 'Certificate of completion', {
      bold: true,
      size: 28,
      minSize: 16,
      color: '#FFFFFF',
      align: 'center',
    }),
    text('intro', [LEFT, 220, WIDTH, 20], 'This certifies that', {
      size: 13,
      color: MUTED,
      align: 'center',
    }),
    text('name', [LEFT, 254, WIDTH, 44], '{{recipient.name}}', {
      fontFamily: 'DejaVu Serif',
      bold: true,
      size: 30,
      minSize: 12,
      color: INK,
      align: 'center',
      verticalAlign: 'middle',
    }),
    text('course', [LEFT, 318, WIDTH, 60], 'has completed the course {{fields.course}}', {
      size: 15,
      minSize: 9,
      color: INK,
      align: 'center',
      maxLines: 2,
    }),
    text('hours', [LEFT, 392, WIDTH, 18], '{{fields.hours}} hours', {
      size: 12,
      color: MUTED,
      align: 'center',
    }),
    line('rule', [197.64, 440, 200, 4], GOLD, 1),
    text('date', [LEFT, 460, WIDTH, 18], 'Completed on {{fields.completion_date}}', {
      size: 12,
      color: INK,
      align: 'center',
    }),
    qr('qr', [247.64, 640, 100, 100], INK),
    documentId('document-id', [LEFT, 756, WIDTH, 14], { size: 8, color: MUTED, align: 'center' }),
  ],
  fields: [
    { key: 'course', label: 'Course', type: 'text', required: true },
    { key: 'hours', label: 'Hours', type: 'number', required: false },
    { key: 'completion_date', label: 'Completion date', type: 'date', required: true },
  ],
};

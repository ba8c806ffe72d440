import type { TemplateDefinitionValue } from '../template-definition.js';
import { documentId, line, qr, rectangle, text, GOLD, INK, MUTED, NAVY } from './elements.js';

const SERIF = 'DejaVu Serif';
/** The centred column inside the frame. */
const LEFT = 120;
const WIDTH = 601.89;

/** A landscape A4 diploma: double navy frame, gold rules, centred serif lettering, QR at right. */
export const diplomaStarter: TemplateDefinitionValue = {
  page: { size: 'A4', orientation: 'landscape' },
  elements: [
    rectangle('frame-outer', [24, 24, 793.89, 547.28], { stroke: NAVY, strokeWidth: 3 }),
    rectangle('frame-inner', [34, 34, 773.89, 527.28], { stroke: GOLD, strokeWidth: 1 }),
    text('issuer', [LEFT, 70, WIDTH, 24], '{{issuer.name}}', {
      fontFamily: SERIF,
      size: 16,
      color: NAVY,
      align: 'center',
    }),
    text('title', [LEFT, 112, WIDTH, 50], 'Diploma', {
      fontFamily: SERIF,
      bold: true,
      size: 40,
      color: NAVY,
      align: 'center',
    }),
    line('rule-top', [330.95, 172, 180, 4], GOLD, 1.5),
    text('awarded', [LEFT, 196, WIDTH, 20], 'This is to certify that', {
      fontFamily: SERIF,
      size: 13,
      color: MUTED,
      align: 'center',
    }),
    text('name', [LEFT, 226, WIDTH, 48], '{{recipient.name}}', {
      fontFamily: SERIF,
      bold: true,
      size: 34,
      minSize: 14,
      color: INK,
      align: 'center',
      verticalAlign: 'middle',
    }),
    text(
      'degree',
      [LEFT, 288, WIDTH, 56],
      'has been awarded the degree of {{fields.programme}} {{fields.mention}}',
      { fontFamily: SERIF, size: 16, minSize: 10, color: INK, align: 'center', maxLines: 2 },
    ),
    text('date', [80, 450, 260, 20], 'Awarded on {{fields.graduation_date}}', {
      size: 11,
      color: INK,
    }),
    line('signature-line', [80, 430, 200, 2], MUTED, 0.75),
    documentId('document-id', [80, 500, 400, 14], { size: 8, color: MUTED }),
    qr('qr', [681.89, 420, 96, 96], NAVY),
  ],
  fields: [
    { key: 'programme', label: 'Programme', type: 'text', required: true },
    { key: 'mention', label: 'Mention', type: 'text', required: false },
    { key: 'graduation_date', label: 'Graduation date', type: 'date', required: true },
  ],
};

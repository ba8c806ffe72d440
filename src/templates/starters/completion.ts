import type { TemplateDefinitionValue } from '../template-definition.js';

/** A portrait A4 certificate of completion: a navy band at the top, the course, hours and date. */
export const completionStarter: TemplateDefinitionValue = {
  page: { size: 'A4', orientation: 'portrait' },
  elements: [
    {
      id: 'band',
      kind: 'rectangle',
      box: { x: 0, y: 0, width: 595.28, height: 150 },
      fill: '#1B365D',
      stroke: null,
    },
    {
      id: 'band-rule',
      kind: 'rectangle',
      box: { x: 0, y: 150, width: 595.28, height: 6 },
      fill: '#B08D57',
      stroke: null,
    },
    {
      id: 'issuer',
      kind: 'text',
      box: { x: 56.69, y: 40, width: 481.9, height: 22 },
      text: '{{issuer.name}}',
      style: { size: 14, color: '#FFFFFF', align: 'center' },
    },
    {
      id: 'title',
      kind: 'text',
      box: { x: 56.69, y: 76, width: 481.9, height: 44 },
      text: 'Certificate of completion',
      style: { bold: true, size: 28, minSize: 16, color: '#FFFFFF', align: 'center' },
    },
    {
      id: 'intro',
      kind: 'text',
      box: { x: 56.69, y: 220, width: 481.9, height: 20 },
      text: 'This certifies that',
      style: { size: 13, color: '#5F6B7A', align: 'center' },
    },
    {
      id: 'name',
      kind: 'text',
      box: { x: 56.69, y: 254, width: 481.9, height: 44 },
      text: '{{recipient.name}}',
      style: {
        fontFamily: 'DejaVu Serif',
        bold: true,
        size: 30,
        minSize: 12,
        color: '#1A1A1A',
        align: 'center',
        verticalAlign: 'middle',
      },
    },
    {
      id: 'course',
      kind: 'text',
      box: { x: 56.69, y: 318, width: 481.9, height: 60 },
      text: 'has completed the course {{fields.course}}',
      style: { size: 15, minSize: 9, color: '#1A1A1A', align: 'center', maxLines: 2 },
    },
    {
      id: 'hours',
      kind: 'text',
      box: { x: 56.69, y: 392, width: 481.9, height: 18 },
      text: '{{fields.hours}} hours',
      style: { size: 12, color: '#5F6B7A', align: 'center' },
    },
    {
      id: 'rule',
      kind: 'line',
      box: { x: 197.64, y: 440, width: 200, height: 4 },
      color: '#B08D57',
      thickness: 1,
    },
    {
      id: 'date',
      kind: 'text',
      box: { x: 56.69, y: 460, width: 481.9, height: 18 },
      text: 'Completed on {{fields.completion_date}}',
      style: { size: 12, color: '#1A1A1A', align: 'center' },
    },
    {
      id: 'qr',
      kind: 'qr',
      box: { x: 247.64, y: 640, width: 100, height: 100 },
      color: '#1A1A1A',
    },
    {
      id: 'document-id',
      kind: 'documentId',
      box: { x: 56.69, y: 756, width: 481.9, height: 14 },
      style: { size: 8, color: '#5F6B7A', align: 'center' },
    },
  ],
  fields: [
    { key: 'course', label: 'Course', type: 'text', required: true },
    { key: 'hours', label: 'Hours', type: 'number', required: false },
    { key: 'completion_date', label: 'Completion date', type: 'date', required: true },
  ],
};

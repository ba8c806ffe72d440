import type { TemplateDefinitionValue } from '../template-definition.js';

/** A one-page attestation (A4 portrait, letter style): heading, statement, place and date, QR. */
export const attestationStarter: TemplateDefinitionValue = {
  page: { size: 'A4', orientation: 'portrait' },
  elements: [
    {
      id: 'issuer',
      kind: 'text',
      box: { x: 56.69, y: 56.69, width: 340, height: 22 },
      text: '{{issuer.name}}',
      style: { bold: true, size: 14, color: '#1B365D' },
    },
    {
      id: 'header-rule',
      kind: 'line',
      box: { x: 56.69, y: 86, width: 481.9, height: 4 },
      color: '#1B365D',
      thickness: 1,
    },
    {
      id: 'title',
      kind: 'text',
      box: { x: 56.69, y: 140, width: 481.9, height: 32 },
      text: 'Attestation',
      style: { bold: true, size: 24, color: '#1A1A1A', align: 'center' },
    },
    {
      id: 'intro',
      kind: 'text',
      box: { x: 56.69, y: 210, width: 481.9, height: 20 },
      text: '{{issuer.name}} attests that',
      style: { size: 12, color: '#1A1A1A' },
    },
    {
      id: 'name',
      kind: 'text',
      box: { x: 56.69, y: 238, width: 481.9, height: 26 },
      text: '{{recipient.name}}',
      style: { bold: true, size: 18, minSize: 10, color: '#1A1A1A' },
    },
    {
      id: 'statement',
      kind: 'text',
      box: { x: 56.69, y: 276, width: 481.9, height: 160 },
      text: '{{fields.statement}}',
      style: { size: 12, minSize: 8, color: '#1A1A1A', maxLines: 10 },
    },
    {
      id: 'place-date',
      kind: 'text',
      box: { x: 56.69, y: 470, width: 481.9, height: 18 },
      text: '{{fields.place}} {{issuedAt}}',
      style: { size: 12, color: '#1A1A1A', align: 'right' },
    },
    {
      id: 'qr',
      kind: 'qr',
      box: { x: 56.69, y: 690, width: 90, height: 90 },
      color: '#1A1A1A',
    },
    {
      id: 'document-id',
      kind: 'documentId',
      box: { x: 160, y: 760, width: 378.59, height: 14 },
      style: { size: 8, color: '#5F6B7A' },
    },
    {
      id: 'frame',
      kind: 'rectangle',
      box: { x: 28.35, y: 28.35, width: 538.58, height: 785.19 },
      stroke: '#C3C9D2',
      strokeWidth: 0.75,
    },
  ],
  fields: [
    { key: 'statement', label: 'Statement', type: 'text', required: true },
    { key: 'place', label: 'Place', type: 'text', required: false },
  ],
};

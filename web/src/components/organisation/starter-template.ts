import type { BodyOf } from '../../api/types.js';

type Definition = BodyOf<'/api/organisations/{organisationId}/templates', 'post'>['definition'];

export type PageSize = 'A4' | 'Letter' | 'A5';

/** Portrait sizes in points, as the server knows them (src/templates/template-definition.ts). */
const PORTRAIT: Record<PageSize, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
  A5: { width: 419.53, height: 595.28 },
};

/**
 * A first version for a new template, laid out like the built-in certificate: the document's
 * title, the recipient's name, the issuer, the date of issue, the QR code and the document
 * number. Placeholders only — no fixed words — so it suits documents in any language; the
 * designer then moves, restyles or adds to it.
 */
export function starterDefinition(
  size: PageSize,
  orientation: 'portrait' | 'landscape',
): Definition {
  const portrait = PORTRAIT[size];
  const { width, height } =
    orientation === 'portrait' ? portrait : { width: portrait.height, height: portrait.width };
  const margin = Math.round(Math.min(width, height) * 0.08);
  const inner = Math.floor(width - 2 * margin);
  const scale = Math.min(width, height) / 595;
  const qr = Math.round(90 * scale);
  const centred = (size: number, bold = false) => ({
    size: Math.round(size * scale),
    bold,
    align: 'center' as const,
    verticalAlign: 'middle' as const,
  });
  return {
    page: { size, orientation },
    background: null,
    elements: [
      {
        id: 'title',
        kind: 'text',
        box: {
          x: margin,
          y: Math.round(height * 0.16),
          width: inner,
          height: Math.round(56 * scale),
        },
        text: '{{title}}',
        style: { ...centred(30, true), maxLines: 2 },
      },
      {
        id: 'recipient',
        kind: 'text',
        box: {
          x: margin,
          y: Math.round(height * 0.36),
          width: inner,
          height: Math.round(44 * scale),
        },
        text: '{{recipient.name}}',
        style: centred(26),
      },
      {
        id: 'issuer',
        kind: 'text',
        box: {
          x: margin,
          y: Math.round(height * 0.5),
          width: inner,
          height: Math.round(28 * scale),
        },
        text: '{{issuer.name}}',
        style: centred(16),
      },
      {
        id: 'issued-at',
        kind: 'text',
        box: {
          x: margin,
          y: Math.round(height * 0.57),
          width: inner,
          height: Math.round(22 * scale),
        },
        text: '{{issuedAt}}',
        style: centred(13),
      },
      {
        id: 'qr',
        kind: 'qr',
        box: {
          x: Math.floor(width - margin - qr),
          y: Math.floor(height - margin - qr),
          width: qr,
          height: qr,
        },
      },
      {
        id: 'document-id',
        kind: 'documentId',
        box: {
          x: margin,
          y: Math.floor(height - margin - 16),
          width: Math.floor(inner - qr - 16),
          height: 16,
        },
        style: { size: 9, color: '#4a5360' },
      },
    ],
  };
}

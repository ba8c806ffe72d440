import { PNG } from 'pngjs';
import type { AppContext } from '../context.js';
import type { EmailLogo } from '../mail/templates/plain-email.js';
import { looksLikePng, readJpeg, readPng } from '../templates/image-header.js';

/** The box a logo is shown in at the top of an e-mail, in CSS pixels. */
export const EMAIL_LOGO_BOX = { width: 200, height: 64 } as const;
/** Stored pixels per CSS pixel: sharp on high-density screens, still small. */
const DENSITY = 2;
/** Largest image attached as it is; a larger PNG is scaled down, a larger JPEG left out. */
export const MAX_EMAIL_LOGO_BYTES = 96 * 1024;
/** Logos kept ready in memory, by blob name (a new upload gets a new name). */
const CACHE_SIZE = 64;

const cache = new Map<string, EmailLogo | null>();

/**
 * The organisation's stored logo, ready to travel inline in its e-mails (`cid:`, never a remote
 * image): a PNG larger than twice the display box (200 × 64 CSS px) or than 96 KiB is scaled down
 * (area average) to fit it; a JPEG over 96 KiB is left out, as is a logo that cannot be read —
 * the issuer's name is shown as text in every case, so a mail never fails for its logo.
 * Computed once per stored logo and kept (bounded), so a batch of 20,000 mails reads it once.
 */
export async function issuerEmailLogo(
  ctx: Pick<AppContext, 'blobs'>,
  organisation: { logoBlob: string | null; logoMediaType: string | null },
): Promise<EmailLogo | null> {
  const name = organisation.logoBlob;
  if (name === null || organisation.logoMediaType === null) return null;
  const cached = cache.get(name);
  if (cached !== undefined || cache.has(name)) return cached ?? null;
  let logo: EmailLogo | null;
  try {
    logo = emailLogoOf(await ctx.blobs.get(name));
  } catch {
    logo = null;
  }
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(name, logo);
  return logo;
}

/** A logo's bytes as an e-mail carries them (see {@link issuerEmailLogo}); null to leave it out. */
export function emailLogoOf(bytes: Buffer): EmailLogo | null {
  const png = looksLikePng(bytes);
  const header = png ? readPng(bytes) : readJpeg(bytes);
  if (typeof header === 'string') return null;
  const maxWidth = EMAIL_LOGO_BOX.width * DENSITY;
  const maxHeight = EMAIL_LOGO_BOX.height * DENSITY;
  let content = bytes;
  let { width, height } = header;
  if (png && (width > maxWidth || height > maxHeight || bytes.length > MAX_EMAIL_LOGO_BYTES)) {
    const scaled = scalePng(bytes, Math.min(1, maxWidth / width, maxHeight / height));
    if (scaled === null) return null;
    ({ content, width, height } = scaled);
  }
  if (content.length > MAX_EMAIL_LOGO_BYTES) return null;
  const shown = Math.min(1, EMAIL_LOGO_BOX.width / width, EMAIL_LOGO_BOX.height / height);
  return {
    content,
    contentType: png ? 'image/png' : 'image/jpeg',
    width: Math.max(1, Math.round(width * shown)),
    height: Math.max(1, Math.round(height * shown)),
  };
}

/** Scales a PNG by `factor` (≤ 1), averaging each destination pixel's source area. */
function scalePng(
  bytes: Buffer,
  factor: number,
): { content: Buffer; width: number; height: number } | null {
  let source: PNG;
  try {
    source = PNG.sync.read(bytes);
  } catch {
    return null;
  }
  const width = Math.max(1, Math.round(source.width * factor));
  const height = Math.max(1, Math.round(source.height * factor));
  const target = new PNG({ width, height });
  const xRatio = source.width / width;
  const yRatio = source.height / height;
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor(y * yRatio);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * yRatio));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor(x * xRatio);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * xRatio));
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      let count = 0;
      for (let sy = y0; sy < y1; sy += 1)
        for (let sx = x0; sx < x1; sx += 1) {
          const at = (sy * source.width + sx) * 4;
          const a = source.data[at + 3] ?? 0;
          // Colours weighted by their opacity, so transparent pixels do not darken edges.
          red += (source.data[at] ?? 0) * a;
          green += (source.data[at + 1] ?? 0) * a;
          blue += (source.data[at + 2] ?? 0) * a;
          alpha += a;
          count += 1;
        }
      const out = (y * width + x) * 4;
      target.data[out] = alpha === 0 ? 0 : Math.round(red / alpha);
      target.data[out + 1] = alpha === 0 ? 0 : Math.round(green / alpha);
      target.data[out + 2] = alpha === 0 ? 0 : Math.round(blue / alpha);
      target.data[out + 3] = Math.round(alpha / count);
    }
  }
  return { content: PNG.sync.write(target), width, height };
}

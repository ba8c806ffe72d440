import type { FastifyReply } from 'fastify';

/** Sends a PDF as a download that no cache keeps. */
export function sendPdf(
  reply: FastifyReply,
  file: { pdf: Buffer; fileName: string },
): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.pdf);
}

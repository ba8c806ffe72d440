import type { FastifyRequest } from 'fastify';
import { pdfWork } from '../../pdf/cpu-queue.js';

/**
 * onRequest hook of the routes whose work goes through the PDF queue (verify uploads,
 * activation): while the queue is full, the request is refused with 503 and Retry-After before
 * its body is read or anything else is done for it, so a burst costs almost nothing past the
 * queue's own capacity (issue 11 #4). `applies` narrows it (e.g. uploads, not digest lookups).
 */
export function refuseWhilePdfWorkIsFull(
  applies: (request: FastifyRequest) => boolean = () => true,
) {
  return async (request: FastifyRequest): Promise<void> => {
    if (pdfWork.isFull && applies(request)) throw pdfWork.busyError();
  };
}

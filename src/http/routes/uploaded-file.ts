import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';

/**
 * The one file of a multipart request (field "file"), read up to `maxBytes`; a larger one is
 * PAYLOAD_TOO_LARGE. `noun` names the file in messages ("file", "logo"), `limit` says the limit
 * in words, and `notMultipart` is the code for a request that is not multipart/form-data.
 */
export async function uploadedFile(
  request: FastifyRequest,
  options: { maxBytes: number; noun: string; limit: string; notMultipart: ErrorCode },
): Promise<{ bytes: Buffer; fileName: string | undefined }> {
  const details = { field: 'file' };
  if (!request.isMultipart())
    throw new AppError(
      options.notMultipart,
      `Send the ${options.noun} as multipart/form-data in the field "file".`,
      { details },
    );
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `The ${options.noun} is larger than ${options.limit}.`, {
      details,
    });
  const file = await request.file({ limits: { fileSize: options.maxBytes, files: 1 } });
  if (file === undefined)
    throw new AppError('INVALID_INPUT', `Attach the ${options.noun} as the "file" field.`, {
      details,
    });
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  // @fastify/multipart cuts a file at the limit and may report it only on the next part.
  if (file.file.truncated) throw tooLarge();
  return { bytes, fileName: file.filename };
}

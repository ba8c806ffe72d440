/** The part of pg-copy-streams (no types of its own) that verify-range-copy.ts uses. */
declare module 'pg-copy-streams' {
  import type { Readable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** `COPY … TO STDOUT` as a stream of the raw COPY data (framing removed), for `client.query`. */
  export interface CopyToStreamQuery extends Readable, Submittable {
    /** Rows the server said it sent, once the stream has ended. */
    rowCount: number;
  }

  export function to(text: string): CopyToStreamQuery;
}

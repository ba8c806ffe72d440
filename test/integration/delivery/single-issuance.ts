import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

/** What `POST …/documents` answers about a document it stored. */
export interface Issued {
  id: string;
  delivery: { state: string; error: string | null };
}

/** Issues one document to `email` through the API, as an operator would. */
export async function issue(platform: TestPlatform, issuer: TestIssuer, email: string) {
  return call<Issued>(
    platform.baseUrl,
    'POST',
    `/api/organisations/${issuer.organisationId}/documents`,
    {
      token: issuer.token,
      json: {
        title: 'Certificate of Attendance',
        recipient: { name: 'Grace Hopper', email },
        fields: [{ label: 'Course', value: 'Compilers' }],
      },
    },
  );
}

/** The delivery columns of a single document's row. */
export async function deliveryRow(platform: TestPlatform, documentId: string) {
  return platform.ctx.db
    .selectFrom('documents')
    .select(['deliveryState', 'deliveryError', 'deliveryAttempts', 'deliveredAt', 'deliveryToken'])
    .where('publicId', '=', documentId)
    .executeTakeFirstOrThrow();
}

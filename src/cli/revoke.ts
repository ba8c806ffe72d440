import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { apiClient, apiKeyFromEnv, serverUrl } from './api-client.js';
import { EXIT } from './exit-codes.js';

export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'Revoke a document through the HTTP API (needs CERTA_API_KEY)',
  usage: `certa revoke <documentId> --reason <text> [--url <server>]

Revokes the document; verification reports it revoked, with the reason, from then on. Uses the
API key in CERTA_API_KEY (scope "revoke"); the server is --url, else CERTA_URL, else
http://localhost:8080.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { reason: { type: 'string' }, url: { type: 'string' } },
      true,
    );
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    const [documentId] = positionals;
    if (documentId === undefined || positionals.length !== 1)
      throw new UsageError('revoke needs exactly one document id.');
    if (values.reason === undefined) throw new UsageError('revoke needs --reason <text>.');
    if (!/^[A-Za-z0-9_-]{22}$/.test(documentId))
      throw new UsageError(
        `"${documentId.slice(0, 60)}" is not a document id: an id is 22 letters, digits, - or _.`,
      );
    const client = apiClient(serverUrl(values.url, io.env), apiKeyFromEnv(io.env));
    const me = await client.request<{ organisations: Array<{ id: string }> }>('GET', '/api/me');
    const organisationId = me.organisations[0]?.id;
    if (organisationId === undefined)
      throw new UsageError('This API key belongs to no organisation.');
    await client.request(
      'POST',
      `/api/organisations/${organisationId}/documents/${encodeURIComponent(documentId)}/revoke`,
      { reason: values.reason },
    );
    io.out(`Document ${documentId} is revoked.`);
    return EXIT.OK;
  },
};

import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { ApiError, apiClient, apiKeyFromEnv, serverUrl } from './api-client.js';
import { EXIT } from './exit-codes.js';
import { issueCsv } from './issue-csv.js';

interface Me {
  organisations: Array<{ id: string; name: string }>;
}

/** The flag of `certa issue` that sets each field of the API's request. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  title: '--title',
  'recipient.name': '--name',
  'recipient.email': '--email',
  recipient: '--name and --email',
  expiresAt: '--expires',
  locale: '--locale',
  fields: '--field',
};

/**
 * The server's sentence about a request field, said with the flag that set it:
 * "recipient.email must be a valid e-mail address." → "--email must be a valid e-mail address.";
 * a `--field` entry is quoted as it was typed. Null when no flag sets that field.
 */
export function inFlagTerms(error: ApiError, fieldOptions: readonly string[]): string | null {
  const field = error.field;
  if (error.code !== 'INVALID_INPUT' || field === null) return null;
  const text = error.message.replace(/^Invalid request: \.?/, '');
  const entry = /^fields\[(\d+)\](?:\.(label|value))?$/.exec(field);
  if (entry !== null) {
    const typed = fieldOptions[Number(entry[1])] ?? '';
    const rest = text.startsWith(field) ? text.slice(field.length).trim() : text;
    return `--field "${typed.slice(0, 60)}": ${entry[2] === undefined ? 'it' : `its ${entry[2] === 'label' ? 'label' : 'value'}`} ${rest}`;
  }
  const flag = FLAG_OF_FIELD[field];
  if (flag === undefined) return null;
  return text.startsWith(field) ? `${flag}${text.slice(field.length)}` : `${flag}: ${text}`;
}

function parseField(raw: string): { label: string; value: string } {
  const at = raw.indexOf('=');
  if (at <= 0) throw new UsageError(`--field "${raw.slice(0, 40)}" must be Label=Value.`);
  return { label: raw.slice(0, at).trim(), value: raw.slice(at + 1).trim() };
}

export const issueCommand: Command = {
  name: 'issue',
  summary:
    'Issue one document (needs CERTA_API_KEY), or a spreadsheet batch with --csv (needs an account)',
  usage: `certa issue --name <recipient name> --email <recipient e-mail> --title <title>
            [--field Label=Value]... [--expires YYYY-MM-DD] [--locale en|fr] [--url <server>] [--json]
certa issue --csv <file.csv|file.xlsx> --template <template> [--valid-only] [--title <title>]
            [--login <account e-mail>] [--code <2FA code>] [--password-stdin] [--url <server>] [--json]

Issues a document with the built-in certificate template. The recipient gets the activation
link by e-mail. Authenticates with the API key in CERTA_API_KEY (scope "issue"); the server is
--url, else CERTA_URL, else http://localhost:8080.

With --csv, uploads the file as a batch, prints the validation (rows valid, invalid, already
issued, the first problems and where to download the full report), then issues it: every row, or
with --valid-only the valid rows only. When rows are invalid and --valid-only is not given,
nothing is issued (exit 4). The progress goes to standard error (count, rate, ETA), then a
summary: issued, already issued, invalid, and each document not delivered with the relay's code.
A batch opens only with the organisation key, which an API key cannot unlock: --csv logs in as an
issuer member — --login or CERTA_EMAIL, the password from CERTA_PASSWORD, standard input
(--password-stdin, or when input is not a terminal) or asked for, --code for an account with
two-factor authentication — unlocks the organisation for that session and logs out at the end.
Exit 0 when every row issued was handed to the relay, 1 when some were not (see the summary).`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      name: { type: 'string' },
      email: { type: 'string' },
      title: { type: 'string' },
      field: { type: 'string', multiple: true },
      expires: { type: 'string' },
      locale: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'string' },
      template: { type: 'string' },
      'valid-only': { type: 'boolean' },
      login: { type: 'string' },
      code: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (values.csv !== undefined) {
      if (values.template === undefined) throw new UsageError('issue --csv needs --template.');
      return issueCsv(
        serverUrl(values.url, io.env),
        {
          file: values.csv,
          template: values.template,
          validOnly: values['valid-only'] === true,
          title: values.title,
          login: values.login,
          code: values.code,
          passwordStdin: values['password-stdin'] === true,
          json: values.json === true,
        },
        io,
      );
    }
    const missing = (['name', 'email', 'title'] as const).filter(
      (option) => values[option] === undefined,
    );
    if (missing.length > 0)
      throw new UsageError(`issue needs ${missing.map((option) => `--${option}`).join(', ')}.`);
    const fields = (values.field ?? []).map(parseField);
    const client = apiClient(serverUrl(values.url, io.env), apiKeyFromEnv(io.env));
    const me = await client.request<Me>('GET', '/api/me');
    const organisation = me.organisations[0];
    if (organisation === undefined)
      throw new UsageError('This API key belongs to no organisation.');
    let issued: { id: string; status: string; commitment: string };
    try {
      issued = await client.request('POST', `/api/organisations/${organisation.id}/documents`, {
        title: values.title,
        recipient: { name: values.name, email: values.email },
        fields,
        expiresAt: values.expires ?? null,
        locale: values.locale ?? 'en',
      });
    } catch (error) {
      const said = error instanceof ApiError ? inFlagTerms(error, values.field ?? []) : null;
      if (said !== null) throw new UsageError(said);
      throw error;
    }
    if (values.json === true) io.out(JSON.stringify(issued, null, 2));
    else
      io.out(
        `Issued document ${issued.id} for ${organisation.name}; the activation link was e-mailed to the recipient.`,
      );
    return EXIT.OK;
  },
};

/** One outgoing e-mail. Bodies may contain a secret link: never log a message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Random id of this message's delivery record (src/delivery): with a bounce address configured
   * the envelope sender becomes `bounces+<token>@…` (VERP) and the message carries
   * `X-Certa-Delivery: <token>`, so a delivery report finds the document. Never personal data.
   */
  deliveryToken?: string;
}

/** `bounces@example.org` + token → `bounces+<token>@example.org`. */
export function verpAddress(bounceAddress: string, token: string): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${token}${bounceAddress.slice(at)}`;
}

/** The header a message carries its delivery token in (returned inside most delivery reports). */
export const DELIVERY_HEADER = 'X-Certa-Delivery';

/**
 * The message's bytes with the delivery header first (a header line may open any message);
 * `token` must be one Certa made (checked by the caller), or undefined for no header.
 */
export function withDeliveryHeader(
  bytes: Buffer,
  token: string | undefined,
  newline: '\r\n' | '\n',
): Buffer {
  if (token === undefined) return bytes;
  return Buffer.concat([Buffer.from(`${DELIVERY_HEADER}: ${token}${newline}`, 'ascii'), bytes]);
}

export interface Mailer {
  /** Delivers the message or throws; a throw means nothing was delivered. */
  send(message: MailMessage): Promise<void>;
  /** Throws unless mail could be handed over right now (readiness); optional for stand-ins. */
  check?(): Promise<void>;
  /**
   * Deletes messages still waiting to be handed over that contain `marker` (e.g. an erased
   * document's activation link); returns how many. Only a spool has any (the outbox).
   */
  forget?(marker: string): Promise<number>;
  close(): Promise<void>;
}

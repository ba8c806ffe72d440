/** One outgoing e-mail. Bodies may contain a secret link: never log a message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
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

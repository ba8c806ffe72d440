import { startSmtpSink, type ReceivedMail } from '../../helpers/smtp-sink.js';

/**
 * The SMTP sink (a real server on loopback) as a relay that keeps every message (recipients and
 * text) and refuses RCPT TO with 550 5.1.1 where `rejects` says so, until `stall()`: from then on
 * it greets no new connection and answers no MAIL FROM, so a pooled connection stalls as well as
 * a new one. `close()` takes it down: every connection is cut and nothing listens any more
 * (connections are refused). Onboarding an issuer sends mail, so a test starts the platform with
 * a relay that works and stalls it when it needs to.
 */
export async function startStallingRelay(
  options: { rejects?: (address: string) => boolean } = {},
): Promise<{
  url: string;
  messages: readonly ReceivedMail[];
  stall(): void;
  close(): Promise<void>;
}> {
  const sink = await startSmtpSink({
    refuse: (address) =>
      options.rejects?.(address) === true
        ? { code: 550, message: '5.1.1 Recipient address rejected' }
        : undefined,
  });
  return {
    url: sink.url,
    messages: sink.messages,
    stall: () => sink.stall(),
    close: () => sink.cut(),
  };
}

import { describe, expect, it } from 'vitest';
import { parseDeliveryReport } from './parse-delivery-report.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

/** A delivery report as Exim or Postfix write them, the returned part and recipient varying. */
function report(options: {
  to?: string;
  action?: string;
  returned?: 'headers' | 'message' | 'none';
  status?: string;
}): Buffer {
  const returned =
    options.returned === 'none'
      ? ''
      : options.returned === 'message'
        ? `--B\r\nContent-Type: message/rfc822\r\n\r\nX-Certa-Delivery: ${TOKEN}\r\nFrom: Certa <no-reply@example.org>\r\nTo: ada@example.net\r\nSubject: Your certificate\r\n\r\nhttps://certa.example.org/activate/x#secret\r\n\r\n`
        : `--B\r\nContent-Type: text/rfc822-headers\r\n\r\nX-Certa-Delivery: ${TOKEN}\r\nTo: ada@example.net\r\n\r\n`;
  return Buffer.from(
    [
      `To: ${options.to ?? `bounces+${TOKEN}@example.org`}`,
      'From: MAILER-DAEMON@mx.example.org',
      'Subject: Delivery Status Notification',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered to ada@example.net.',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; ada@example.net',
      `Action: ${options.action ?? 'failed'}`,
      `Status: ${options.status ?? '5.1.1'}`,
      'Diagnostic-Code: smtp; 550 5.1.1 <ada@example.net>: Recipient address',
      '  rejected: User unknown',
      '',
      returned + '--B--',
      '',
    ].join('\r\n'),
  );
}

describe('parseDeliveryReport', () => {
  it('reads the token from the VERP recipient, the action and the codes, never the address', async () => {
    const parsed = await parseDeliveryReport(report({}));
    expect(parsed).toEqual({
      token: TOKEN,
      action: 'failed',
      status: '5.1.1',
      diagnostic: 'smtp; 550 5.1.1',
    });
    expect(JSON.stringify(parsed)).not.toMatch(/ada|example\.net/);
  });

  it('falls back on X-Certa-Delivery in the returned headers or message', async () => {
    for (const returned of ['headers', 'message'] as const) {
      const parsed = await parseDeliveryReport(report({ to: 'bounces@example.org', returned }));
      expect(parsed.token).toBe(TOKEN);
    }
    const none = await parseDeliveryReport(report({ to: 'bounces@example.org', returned: 'none' }));
    expect(none.token).toBeNull();
  });

  it('reads delayed reports and upper-case tokens', async () => {
    const parsed = await parseDeliveryReport(
      report({
        action: 'delayed',
        status: '4.4.7',
        to: `bounces+${TOKEN.toUpperCase()}@example.org`,
      }),
    );
    expect(parsed).toMatchObject({ token: TOKEN, action: 'delayed', status: '4.4.7' });
  });

  it('refuses what is not a delivery report', async () => {
    await expect(parseDeliveryReport(Buffer.alloc(0))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      parseDeliveryReport(Buffer.from('Subject: hello\r\n\r\nplain mail\r\n')),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(parseDeliveryReport(report({ action: 'exploded' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(parseDeliveryReport(Buffer.alloc(3 * 1024 * 1024, 0x41))).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

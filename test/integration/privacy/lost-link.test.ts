import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
  outboxLinkToken,
} from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

for (const dialect of DIALECTS) {
  describe(`a holder who lost their link asks by e-mail (${dialect})`, () => {
    let platform: TestPlatform;
    const address = 'Lost.Link@Holder.example';
    let firstId: string;
    let secondId: string;
    let otherId: string;

    const mailsTo = (to: string) => {
      const directory = path.join(platform.dataDir, 'outbox');
      return fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.eml'))
        .map((name) => fs.readFileSync(path.join(directory, name), 'utf8'))
        .filter((text) => text.toLowerCase().includes(`to: ${to.toLowerCase()}`));
    };

    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
      const issuer = await newApprovedIssuer(platform, 'Lost Link University');
      firstId = await issueOne(platform, issuer, {
        recipient: { name: 'Lost Holder', email: 'lost.link@holder.example' },
      });
      secondId = await issueOne(platform, issuer, {
        title: 'Second diploma',
        recipient: { name: 'Lost Holder', email: 'lost.link@holder.example' },
      });
      otherId = await issueOne(platform, issuer, {
        recipient: { name: 'Someone Else', email: 'someone@else.example' },
      });
      await activate(platform, await activationLinkFor(platform, firstId));
    });

    afterAll(async () => {
      await platform.close();
    });

    it('answers the same for an address with documents and one without, and mails each', async () => {
      const known = await call(platform.baseUrl, 'POST', '/api/recipient/requests', {
        json: { email: address, locale: 'en' },
      });
      const unknown = await call(platform.baseUrl, 'POST', '/api/recipient/requests', {
        json: { email: 'nobody@holder.example', locale: 'en' },
      });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(mailsTo('nobody@holder.example')[0]).toContain('No document on this platform');
      expect(
        mailsTo('lost.link@holder.example').some((mail) => mail.includes('/recipient/requests#')),
      ).toBe(true);
      const invalid = await call(platform.baseUrl, 'POST', '/api/recipient/requests', {
        json: { email: 'not an address' },
      });
      expect(invalid.status).toBe(400);
      // No table holds the address: documents carry its keyed index only.
      const dump = JSON.stringify(
        await platform.ctx.db.selectFrom('recipientRequests').selectAll().execute(),
      );
      expect(dump).not.toContain('holder.example');
    });

    it('the e-mailed token lists exactly that address’s documents, exports the activated one, then is spent', async () => {
      const token = await outboxLinkToken(
        platform,
        'lost.link@holder.example',
        '/recipient/requests',
      );
      const listed = await call<{ documents: Array<{ documentId: string; exportable: boolean }> }>(
        platform.baseUrl,
        'POST',
        '/api/recipient/requests/documents',
        { json: { token } },
      );
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      expect(listed.body.documents.map((each) => [each.documentId, each.exportable])).toEqual([
        [firstId, true],
        [secondId, false],
      ]);
      const exported = await call(platform.baseUrl, 'POST', '/api/recipient/requests/export', {
        json: { token },
      });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toBe('application/zip');
      const zip = path.join(platform.dataDir, '..', `lost-link-${dialect}-${process.pid}.zip`);
      fs.writeFileSync(zip, exported.raw);
      try {
        const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
        expect(names.sort()).toEqual(['README.txt', 'data.json', `${firstId}.pdf`].sort());
        const data = execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' });
        expect(data).toContain('Lost Holder');
        expect(data).not.toContain('Someone Else');
      } finally {
        fs.rmSync(zip, { force: true });
      }
      const again = await call(platform.baseUrl, 'POST', '/api/recipient/requests/export', {
        json: { token },
      });
      expect(again.status).toBe(410);
    });

    it('a new request erases the pending one only, when asked so; the other address’s document stays', async () => {
      await call(platform.baseUrl, 'POST', '/api/recipient/requests', {
        json: { email: address, locale: 'fr' },
      });
      const token = await outboxLinkToken(
        platform,
        'lost.link@holder.example',
        '/recipient/requests',
      );
      const foreign = await call(platform.baseUrl, 'POST', '/api/recipient/requests/erase', {
        json: { token, documentIds: [otherId], confirm: true },
      });
      expect(foreign.status).toBe(400);
      const erased = await call(platform.baseUrl, 'POST', '/api/recipient/requests/erase', {
        json: { token, documentIds: [secondId], confirm: true },
      });
      expect(erased.status, JSON.stringify(erased.body)).toBe(200);
      expect(erased.body).toEqual({ erased: [secondId] });
      const rows = await platform.ctx.db
        .selectFrom('documents')
        .select(['publicId', 'erasedAt'])
        .execute();
      const erasedIds = rows.filter((row) => row.erasedAt !== null).map((row) => row.publicId);
      expect(erasedIds).toEqual([secondId]);
    });
  });
}

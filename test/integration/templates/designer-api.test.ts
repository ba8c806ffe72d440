import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate, activationLinkFor, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { pdfWords, wordInside } from './pdf-words.js';
import type { PointBox } from './pdf-words.js';

/*
 * What the template designer relies on, over HTTP on every database: the starters, the layout
 * the canvas shows (checked against the PDF with pdftotext -bbox), fields that single issuance
 * checks (required, date, number), lines and rectangles, version notes and restoring.
 */

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Starter {
  id: string;
  name: string;
  definition: { elements: Array<{ id: string; kind: string }> };
}
interface Layout {
  width: number;
  height: number;
  elements: Array<{
    id: string;
    kind: string;
    box: PointBox;
    drawn: PointBox | null;
    lines?: Array<{ text: string; box: PointBox }>;
    size?: number;
    shrunk: boolean;
    truncated: boolean;
  }>;
}
interface View {
  id: string;
  version: number;
  latestVersion: number;
  versionNote: string | null;
  name: string;
  definition: unknown;
}

const LONG_NAME =
  'Maximilian Alexander Bartholomäus von Hohenzollern-Sigmaringen und Liechtenstein-Württemberg';

function withFields() {
  return {
    page: { size: 'A4', orientation: 'portrait' },
    elements: [
      {
        id: 'name',
        kind: 'text',
        box: { x: 50, y: 100, width: 300, height: 30 },
        text: '{{recipient.name}}',
        style: { size: 20, minSize: 8 },
      },
      {
        id: 'details',
        kind: 'text',
        box: { x: 50, y: 150, width: 495, height: 20 },
        text: 'Born {{fields.birth_date}}, {{fields.credits}} credits{{fields.mention}}',
        style: { size: 12 },
      },
      {
        id: 'band',
        kind: 'rectangle',
        box: { x: 0, y: 0, width: 595.28, height: 40 },
        fill: '#1B365D',
        stroke: null,
      },
      {
        id: 'rule',
        kind: 'line',
        box: { x: 50, y: 140, width: 200, height: 4 },
        thickness: 2,
      },
    ],
    fields: [
      { key: 'birth_date', label: 'Date of birth', type: 'date', required: true },
      { key: 'credits', label: 'Credits', type: 'number', required: true },
      { key: 'mention', label: 'Mention', type: 'text', required: false },
    ],
  };
}

for (const dialect of DIALECTS) {
  describe(`template designer API (${dialect})`, () => {
    let platform: TestPlatform;
    let issuer: TestIssuer;
    const base = () => `/api/organisations/${issuer.organisationId}`;
    const post = <T>(path: string, json: unknown) =>
      call<T & ErrorBody>(platform.baseUrl, 'POST', `${base()}${path}`, {
        token: issuer.token,
        json,
      });
    const get = <T>(path: string) =>
      call<T & ErrorBody>(platform.baseUrl, 'GET', `${base()}${path}`, { token: issuer.token });

    beforeAll(async () => {
      platform = await startTestPlatform(dialect, { PUBLIC_URL: 'https://certa.example' });
      issuer = await newApprovedIssuer(platform, 'Université de Démonstration');
    });
    afterAll(async () => platform.close());

    it('offers three starters that save as they are and print inside the boxes the layout gives', async () => {
      const starters = await get<{ starters: Starter[] }>('/template-starters');
      expect(starters.status).toBe(200);
      expect(starters.body.starters.map((starter) => starter.id)).toEqual([
        'diploma',
        'completion',
        'attestation',
      ]);
      for (const starter of starters.body.starters) {
        const created = await post<View>('/templates', {
          name: starter.name,
          definition: starter.definition,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body.definition).toEqual(starter.definition);

        const data = { recipient: { name: 'Ada Lovelace' } };
        const layout = await post<Layout>('/templates/layout', {
          definition: starter.definition,
          data,
        });
        expect(layout.status, JSON.stringify(layout.body)).toBe(200);
        expect(layout.body.elements.map((element) => element.id)).toEqual(
          starter.definition.elements.map((element) => element.id),
        );
        const preview = await call(
          platform.baseUrl,
          'POST',
          `${base()}/templates/${created.body.id}/preview`,
          { token: issuer.token, json: { data } },
        );
        expect(preview.status).toBe(200);
        const words = pdfWords(preview.raw);
        for (const element of layout.body.elements) {
          for (const line of element.lines ?? []) {
            const lineWords = line.text.split(/\s+/).filter((word) => word !== '');
            for (const text of lineWords) {
              const found = words.find(
                (word) => word.text === text && wordInside(word, line.box, 1),
              );
              expect(
                found,
                `${starter.id}/${element.id}: "${text}" in ${JSON.stringify(line.box)}`,
              ).toBeDefined();
            }
          }
        }
        const name = layout.body.elements.find((element) => element.id === 'name');
        expect(name?.lines?.[0]?.text).toBe('Ada Lovelace');
      }
    });

    it('the layout says where text shrank or was cut; a bad definition is a 400 naming the element', async () => {
      const definition = withFields();
      const shrunk = await post<Layout>('/templates/layout', {
        definition,
        data: { recipient: { name: 'Maximilian Alexander Bartholomäus von Hohenzollern' } },
      });
      expect(shrunk.status, JSON.stringify(shrunk.body)).toBe(200);
      const nameOf = (layout: Layout) => layout.elements.find((element) => element.id === 'name');
      expect(nameOf(shrunk.body)).toMatchObject({ shrunk: true, truncated: false });
      expect(nameOf(shrunk.body)?.size).toBeLessThan(20);

      const cut = await post<Layout>('/templates/layout', {
        definition,
        data: { recipient: { name: `${LONG_NAME} ${LONG_NAME}` } },
      });
      expect(nameOf(cut.body)).toMatchObject({ shrunk: true, truncated: true, size: 8 });
      expect(nameOf(cut.body)?.lines?.[0]?.text.endsWith('…')).toBe(true);

      const band = shrunk.body.elements.find((element) => element.id === 'band');
      expect(band?.drawn).toEqual({ x: 0, y: 0, width: 595.28, height: 40 });
      const rule = shrunk.body.elements.find((element) => element.id === 'rule');
      expect(rule?.drawn).toEqual({ x: 50, y: 141, width: 200, height: 2 });

      const outside = structuredClone(definition);
      outside.elements[0]!.box.x = 400;
      const refused = await post<Layout>('/templates/layout', { definition: outside });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/Element 'name' lies outside the page/);
      expect(refused.body.error.details).toMatchObject({ element: 'name', field: 'box' });
    });

    it('fields: undeclared placeholders and duplicate keys are refused when saving', async () => {
      const undeclared = withFields();
      undeclared.fields = undeclared.fields.filter((field) => field.key !== 'credits');
      const refused = await post<View>('/templates', {
        name: 'No credits',
        definition: undeclared,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /Element 'details' uses \{\{fields\.credits\}\}, but the template has no field with the key 'credits'/,
      );
      const duplicate = withFields();
      duplicate.fields.push({ key: 'credits', label: 'Again', type: 'text', required: false });
      const twice = await post<View>('/templates', { name: 'Twice', definition: duplicate });
      expect(twice.status).toBe(400);
      expect(twice.body.error.details).toMatchObject({ field: 'fields[3].key' });
    });

    it('fields: single issuance checks required fields and types, and prints dates in the document language', async () => {
      const created = await post<View>('/templates', {
        name: 'Transcript',
        definition: withFields(),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const issue = (fields: Array<{ label: string; value: string }>, locale = 'en') =>
        post<{ id: string }>('/documents', {
          template: created.body.id,
          title: 'Transcript',
          recipient: {
            name: 'Zoë Ångström',
            email: `${Math.random().toString(36).slice(2)}@example.org`,
          },
          fields,
          locale,
        });
      const missing = await issue([{ label: 'Credits', value: '180' }]);
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/needs the field 'Date of birth' \(birth_date\)/);
      const blank = await issue([
        { label: 'Date of birth', value: '  ' },
        { label: 'Credits', value: '180' },
      ]);
      expect(blank.status).toBe(400);
      const badDate = await issue([
        { label: 'Date of birth', value: '31/12/2001' },
        { label: 'Credits', value: '180' },
      ]);
      expect(badDate.status).toBe(400);
      expect(badDate.body.error.message).toMatch(
        /'Date of birth' .* must be a date written YYYY-MM-DD/,
      );
      const badNumber = await issue([
        { label: 'Date of birth', value: '2001-12-31' },
        { label: 'Credits', value: 'many' },
      ]);
      expect(badNumber.status).toBe(400);
      expect(badNumber.body.error.message).toMatch(/'Credits' .* must be a number/);

      const issued = await issue(
        [
          { label: 'birth_date', value: '2001-12-31' },
          { label: 'Credits', value: '180' },
        ],
        'fr',
      );
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      const { pdf } = await activate(platform, await activationLinkFor(platform, issued.body.id));
      const text = pdfWords(pdf)
        .map((word) => word.text)
        .join(' ');
      expect(text).toContain('Born 31 décembre 2001, 180 credits');
    });

    it('versions carry notes; an old version is restored as the newest; conflicts are 409s', async () => {
      const first = withFields();
      const created = await post<View>('/templates', {
        name: 'Versioned',
        definition: first,
        note: 'First design',
      });
      expect(created.body.versionNote).toBe('First design');
      const path = `/templates/${created.body.id}`;
      const second = structuredClone(first);
      second.elements[0]!.box.y = 200;
      const saved = await post<View>(`${path}/versions`, {
        name: 'Versioned',
        definition: second,
        note: 'Name moved down',
        basedOnVersion: 1,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      expect(saved.body).toMatchObject({ version: 2, versionNote: 'Name moved down' });

      const stale = await post<View>(`${path}/versions`, {
        name: 'Versioned',
        definition: first,
        basedOnVersion: 1,
      });
      expect(stale.status).toBe(409);
      const tooLong = await post<View>(`${path}/versions`, {
        name: 'Versioned',
        definition: first,
        note: 'x'.repeat(501),
      });
      expect(tooLong.status).toBe(400);

      const restored = await post<View>(`${path}/versions/1/restore`, { basedOnVersion: 2 });
      expect(restored.status, JSON.stringify(restored.body)).toBe(201);
      expect(restored.body).toMatchObject({
        version: 3,
        latestVersion: 3,
        versionNote: 'Restored from version 1',
      });
      expect(restored.body.definition).toEqual(first);
      const staleRestore = await post<View>(`${path}/versions/2/restore`, { basedOnVersion: 2 });
      expect(staleRestore.status).toBe(409);
      const none = await post<View>(`${path}/versions/9/restore`, {});
      expect(none.status).toBe(404);

      const history = await get<{ versions: Array<{ version: number; note: string | null }> }>(
        `${path}/versions`,
      );
      expect(history.body.versions.map((version) => [version.version, version.note])).toEqual([
        [3, 'Restored from version 1'],
        [2, 'Name moved down'],
        [1, 'First design'],
      ]);
    });
  });
}

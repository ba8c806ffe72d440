import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsolePage, launchConsoleBrowser } from '../../helpers/console-browser.js';
import type { ConsoleBrowser, RecordedPage } from '../../helpers/console-browser.js';
import { activate, activationLinkFor, newApprovedIssuer } from '../../helpers/factories.js';
import type { TestIssuer } from '../../helpers/factories.js';
import { call } from '../../helpers/http.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { backgroundPng } from '../templates/images.js';
import { pdfWords, wordInside } from '../templates/pdf-words.js';
import type { PointBox } from '../templates/pdf-words.js';
import { expectHeading, logIn } from './console-journey.js';

/*
 * The template designer in Chromium (issue 15): a person uploads a background, drags the name,
 * title and QR code, resizes the name box, inserts a placeholder, undoes and redoes, saves and
 * previews; a document issued with the result prints the recipient's name inside the placed
 * box (pdftotext -bbox, 1 pt). The canvas shows every starter's boxes where the renderer lays
 * them out (1 pt). Everything can be done from the keyboard. axe-core at 1280 and 390 px. One
 * dialect: the API test covers both.
 */
const dialect = DIALECTS[0]!;

interface Starter {
  id: string;
  name: string;
  definition: { elements: Array<{ id: string; kind: string; box: PointBox }> };
}
interface View {
  id: string;
  version: number;
  versionNote: string | null;
  definition: { elements: Array<{ id: string; kind: string; box: PointBox; text?: string }> };
}
interface Layout {
  elements: Array<{
    id: string;
    box: PointBox;
    lines?: Array<{ text: string; box: PointBox }>;
  }>;
}

/** A DOM element's box in page points, read from the page (the canvas's own scale). */
async function pointBox(page: Page, selector: string): Promise<PointBox> {
  const canvas = page.locator('[data-testid="designer-page"]');
  const scale = Number(await canvas.getAttribute('data-scale'));
  const origin = await canvas.boundingBox();
  const box = await page.locator(selector).first().boundingBox();
  if (origin === null || box === null) throw new Error(`${selector} is not on the page`);
  return {
    x: (box.x - origin.x) / scale,
    y: (box.y - origin.y) / scale,
    width: box.width / scale,
    height: box.height / scale,
  };
}

function expectClose(actual: PointBox, expected: PointBox, tolerance: number, what: string): void {
  for (const side of ['x', 'y', 'width', 'height'] as const)
    expect(
      Math.abs(actual[side] - expected[side]),
      `${what}.${side}: ${actual[side]} vs ${expected[side]}`,
    ).toBeLessThanOrEqual(tolerance);
}

/** Waits until the preview (PDF and layout) has answered more than `after` times. */
async function previewAfter(page: Page, after: number): Promise<number> {
  const state = page.locator('[data-testid="designer-preview-state"]');
  await expect
    .poll(async () => Number(await state.getAttribute('data-generation')), { timeout: 20_000 })
    .toBeGreaterThan(after);
  return Number(await state.getAttribute('data-generation'));
}

async function drag(page: Page, selector: string, dx: number, dy: number): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (box === null) throw new Error(`${selector} is not on the page`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

describe(`the template designer (${dialect})`, () => {
  let platform: TestPlatform;
  let browser: ConsoleBrowser;
  let issuer: TestIssuer;
  let recorded: RecordedPage | undefined;
  let starters: Starter[];
  const group = `designer-${dialect}`;
  const api = () => `/api/organisations/${issuer.organisationId}`;

  async function createFrom(starter: Starter, name: string): Promise<string> {
    const created = await call<View>(platform.baseUrl, 'POST', `${api()}/templates`, {
      token: issuer.token,
      json: { name, definition: starter.definition },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  /** Logs the owner in once, inside the first test (expect.poll needs a test). */
  async function loggedIn(): Promise<void> {
    if (recorded !== undefined) return;
    recorded = await browser.newPage();
    await logIn(
      { platform, browser, group },
      {
        email: issuer.email,
        password: issuer.password,
        totpSecret: issuer.totpSecret,
        recorded,
      },
      `/console/o/${issuer.organisationId}/templates`,
    );
    await expectHeading(recorded.page, 'Templates');
  }

  async function openDesigner(templateId: string): Promise<Page> {
    await loggedIn();
    const { page } = recorded!;
    await page.goto(
      `${platform.baseUrl}/console/o/${issuer.organisationId}/templates/${templateId}/design`,
    );
    await expectHeading(page, /^\s*Design: /);
    await previewAfter(page, 0);
    return page;
  }

  beforeAll(async () => {
    platform = await startTestPlatform(dialect, {
      PUBLIC_URL: 'https://certa.example',
      // A console built elsewhere (vite build --outDir …) may be tested without touching dist/.
      ...(process.env.CONSOLE_DIR === undefined ? {} : { CONSOLE_DIR: process.env.CONSOLE_DIR }),
    });
    browser = await launchConsoleBrowser();
    issuer = await newApprovedIssuer(platform, 'Université du Dessin');
    starters = (
      await call<{ starters: Starter[] }>(platform.baseUrl, 'GET', `${api()}/template-starters`, {
        token: issuer.token,
      })
    ).body.starters;
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('a person designs, saves and previews; the issued PDF prints the name in the placed box', async () => {
    const diploma = starters.find((starter) => starter.id === 'diploma')!;
    const templateId = await createFrom(diploma, 'Designed diploma');
    const page = await openDesigner(templateId);
    let generation = await previewAfter(page, 0);

    // Upload a background: the canvas draws it under the elements.
    await page
      .locator('.designer-panel input[type="file"]')
      .setInputFiles({ name: 'artwork.png', mimeType: 'image/png', buffer: backgroundPng() });
    await expect
      .poll(() => page.getByText('Background: artwork.png.').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => page.locator('.designer-background canvas').count(), { timeout: 20_000 })
      .toBe(1);

    // Drag the name, the title and the QR code; resize the name box from its corner.
    const before = await pointBox(page, '[data-element-id="name"]');
    await drag(page, '[data-element-id="name"]', 0, 60);
    await drag(page, '[data-element-id="title"]', -40, 20);
    await drag(page, '[data-element-id="qr"]', -300, -20);
    const moved = await pointBox(page, '[data-element-id="name"]');
    expect(moved.y - before.y).toBeGreaterThan(30);
    const name = page.locator('[data-element-id="name"]');
    const corner = (await name.boundingBox())!;
    await page.mouse.move(corner.x + corner.width - 2, corner.y + corner.height - 2);
    await page.mouse.down();
    await page.mouse.move(corner.x + corner.width - 60, corner.y + corner.height + 10, {
      steps: 8,
    });
    await page.mouse.up();
    const resized = await pointBox(page, '[data-element-id="name"]');
    expect(resized.width).toBeLessThan(moved.width - 30);
    expect(resized.height).toBeGreaterThan(moved.height + 3);

    // Insert a placeholder into the date text, then undo and redo it.
    await page.locator('[data-element-id="date"]').click();
    const text = page.locator('#designer-prop-text');
    await expect.poll(() => text.inputValue()).toBe('Awarded on {{fields.graduation_date}}');
    await text.focus();
    await text.press('End');
    await page.selectOption('#designer-insert', '{{issuer.name}}');
    await expect
      .poll(() => text.inputValue())
      .toBe('Awarded on {{fields.graduation_date}}{{issuer.name}}');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => text.inputValue()).toBe('Awarded on {{fields.graduation_date}}');
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect
      .poll(() => text.inputValue())
      .toBe('Awarded on {{fields.graduation_date}}{{issuer.name}}');

    // The preview follows the design; a long name shows where the text shrinks.
    generation = await previewAfter(page, generation);
    await page.selectOption('#designer-sample', 'long');
    await previewAfter(page, generation);
    await expect
      .poll(() => page.locator('[data-testid="designer-warnings"]').textContent())
      .toMatch(/“name”: the text was (shrunk|cut)/);
    await expect.poll(() => page.locator('.designer-preview canvas').count()).toBe(1);
    await checkConsolePage(recorded!, 'designer', group);

    // Save as version 2 with a note.
    await page.fill('#designer-save-note', 'Name lower, QR at left');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect
      .poll(() => page.locator('[data-testid="designer-announcement"]').textContent())
      .toBe('Saved as version 2.');
    await expect
      .poll(() => page.locator('[data-testid="designer-version-2"]').textContent())
      .toContain('Name lower, QR at left');

    const saved = await call<View>(platform.baseUrl, 'GET', `${api()}/templates/${templateId}`, {
      token: issuer.token,
    });
    expect(saved.body).toMatchObject({ version: 2, versionNote: 'Name lower, QR at left' });
    const savedName = saved.body.definition.elements.find((element) => element.id === 'name')!;
    expectClose(savedName.box, resized, 0.5, 'saved name box');
    const date = saved.body.definition.elements.find((element) => element.id === 'date')!;
    expect(date.text).toBe('Awarded on {{fields.graduation_date}}{{issuer.name}}');

    // Issue with the saved design, activate, and find the name where it was placed.
    const issued = await call<{ id: string }>(platform.baseUrl, 'POST', `${api()}/documents`, {
      token: issuer.token,
      json: {
        template: templateId,
        title: 'Diploma',
        recipient: { name: 'Ada Lovelace', email: 'ada@example.org' },
        fields: [
          { label: 'Programme', value: 'Mathematics' },
          { label: 'Graduation date', value: '2026-07-01' },
        ],
        locale: 'en',
      },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const { pdf } = await activate(platform, await activationLinkFor(platform, issued.body.id));
    const words = pdfWords(pdf);
    for (const part of ['Ada', 'Lovelace']) {
      const word = words.find((candidate) => candidate.text === part);
      expect(word, `${part} in the PDF`).toBeDefined();
      expect(
        wordInside(word!, savedName.box, 1),
        `${part} inside ${JSON.stringify(savedName.box)}`,
      ).toBe(true);
    }

    // Open version 1 and restore it as the newest.
    await page.getByRole('button', { name: 'Open version 1' }).click();
    await expect
      .poll(() => page.locator('[data-testid="designer-old-version"]').isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'Restore as the newest version' }).click();
    await expect
      .poll(() => page.locator('[data-testid="designer-announcement"]').textContent())
      .toBe('Restored as version 3.');
    await expect
      .poll(() => page.locator('[data-testid="designer-version-3"]').textContent())
      .toContain('Restored from version 1');
  }, 240_000);

  it("the canvas shows each starter's boxes and text lines where the renderer lays them out (1 pt)", async () => {
    for (const starter of starters) {
      const templateId = await createFrom(starter, `Starter ${starter.id}`);
      const page = await openDesigner(templateId);
      const layout = await call<Layout>(platform.baseUrl, 'POST', `${api()}/templates/layout`, {
        token: issuer.token,
        json: {
          definition: starter.definition,
          data: { recipient: { name: 'Ada Lovelace' }, title: 'Master of Science', locale: 'en' },
        },
      });
      expect(layout.status).toBe(200);
      for (const element of layout.body.elements) {
        const selector = `[data-element-id="${element.id}"]`;
        expectClose(await pointBox(page, selector), element.box, 1, `${starter.id}/${element.id}`);
        for (const [index, line] of (element.lines ?? []).entries()) {
          const shown = await pointBox(page, `${selector} [data-line="${index}"]`);
          expectClose(shown, line.box, 1, `${starter.id}/${element.id}/line ${index}`);
          expect(await page.locator(`${selector} [data-line="${index}"]`).textContent()).toBe(
            line.text,
          );
        }
      }
    }
  }, 180_000);

  it('keyboard only: select, move, resize and edit an element', async () => {
    const completion = starters.find((starter) => starter.id === 'completion')!;
    const templateId = await createFrom(completion, 'Keyboard certificate');
    const page = await openDesigner(templateId);
    const title = completion.definition.elements.find((element) => element.id === 'title')!;

    // Tab from the zoom buttons into the page until the title has the focus.
    await page.getByRole('button', { name: 'Zoom in' }).focus();
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<string | null>(
        'document.activeElement?.dataset?.elementId ?? null',
      );
      if (focused === 'title') break;
    }
    const element = page.locator('[data-element-id="title"]');
    await expect
      .poll(() =>
        page.evaluate<string | null>('document.activeElement?.dataset?.elementId ?? null'),
      )
      .toBe('title');
    await page.keyboard.press('Enter');
    await expect.poll(() => element.getAttribute('aria-pressed')).toBe('true');

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Alt+ArrowUp');
    const expected = {
      x: title.box.x + 2,
      y: title.box.y + 10,
      width: title.box.width - 1,
      height: title.box.height - 1,
    };
    expectClose(await pointBox(page, '[data-element-id="title"]'), expected, 0.05, 'moved title');
    await expect
      .poll(() => element.locator('[data-testid="element-description"]').textContent())
      .toContain(
        `x ${Math.round(expected.x * 100) / 100}, y ${Math.round(expected.y * 100) / 100}`,
      );

    // E edits: the focus goes to the text; a change is kept when the field is left.
    await page.keyboard.press('e');
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('designer-prop-text');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Certificate of achievement');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => element.locator('[data-line="0"]').textContent(), { timeout: 20_000 })
      .toBe('Certificate of achievement');

    // Undo from the keyboard takes the text back, then the resize.
    await element.focus();
    await page.keyboard.press('ControlOrMeta+z');
    await expect
      .poll(() => page.locator('#designer-prop-text').inputValue())
      .toBe('Certificate of completion');
    await checkConsolePage(recorded!, 'designer-keyboard', group);
  }, 120_000);
});

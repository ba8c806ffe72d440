import { afterEach, describe, expect, it } from 'vitest';
import type { MessageTree, Plural } from './catalogue.js';
import { account } from './messages/account.js';
import { admin } from './messages/admin.js';
import { auth } from './messages/auth.js';
import { common } from './messages/common.js';
import { dashboard } from './messages/dashboard.js';
import { documents } from './messages/documents.js';
import { errors } from './messages/errors.js';
import { onboarding } from './messages/onboarding.js';
import { organisation } from './messages/organisation.js';
import { formatBytes, formatDate, formatNumber, hasMessage, setLocale, t } from './index.js';

const AREAS = {
  account,
  admin,
  auth,
  common,
  dashboard,
  documents,
  errors,
  onboarding,
  organisation,
};

/** Every leaf of a tree as [path, value]. */
function leaves(tree: MessageTree, prefix = ''): Array<[string, string | Plural]> {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') return [[path, value] as [string, string]];
    if (typeof value.one === 'string' && typeof value.other === 'string')
      return [[path, value as Plural] as [string, Plural]];
    return leaves(value as MessageTree, path);
  });
}

/** The placeholders a message uses, sorted. */
function placeholders(value: string | Plural): string[] {
  const text = typeof value === 'string' ? value : `${value.one} ${value.other}`;
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort();
}

describe('the console catalogues', () => {
  afterEach(() => setLocale('en'));

  it('have a non-empty French string for every English one, with the same placeholders', () => {
    for (const [area, messages] of Object.entries(AREAS)) {
      const english = new Map(leaves(messages.en));
      const french = new Map(leaves(messages.fr));
      expect([...french.keys()].sort(), area).toEqual([...english.keys()].sort());
      for (const [path, value] of english) {
        const translated = french.get(path);
        expect(translated, `${area}.${path}`).toBeDefined();
        expect(placeholders(translated!), `${area}.${path}`).toEqual(placeholders(value));
        const text = typeof translated === 'string' ? translated : translated!.other;
        expect(text.trim(), `${area}.${path}`).not.toBe('');
      }
    }
  });

  it('speak the chosen language, fill placeholders and pick plural forms', () => {
    expect(t('common.pagination.page', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(t('account.sessions.endedOthers', { count: 1 })).toBe('1 session has ended.');
    expect(t('account.sessions.endedOthers', { count: 3 })).toBe('3 sessions have ended.');
    setLocale('fr');
    expect(t('common.pagination.page', { page: 2, pages: 5 })).toBe('Page 2 sur 5');
    expect(t('common.nav.logOut')).toBe('Se déconnecter');
  });

  it('format numbers and dates in the person’s locale', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatDate('2031-06-30T00:00:00Z', { utc: true })).toBe('Jun 30, 2031');
    setLocale('fr');
    expect(formatNumber(1234567)).toMatch(/^1\s234\s567$/u);
    expect(formatDate('2031-06-30T00:00:00Z', { utc: true })).toBe('30 juin 2031');
  });

  it('give file sizes in the binary units the limits are stated in', () => {
    expect([12, 1101, 340 * 1024, 10 * 1024 * 1024, 1.25 * 1024 * 1024].map(formatBytes)).toEqual([
      '12 bytes',
      '1 KiB',
      '340 KiB',
      '10 MiB',
      '1.3 MiB',
    ]);
    setLocale('fr');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1,3 Mio');
  });

  it('know which server error codes they can explain', () => {
    expect(hasMessage('errors.codes.UNLOCK_REQUIRED')).toBe(true);
    expect(hasMessage('errors.codes.NO_SUCH_CODE')).toBe(false);
  });
});

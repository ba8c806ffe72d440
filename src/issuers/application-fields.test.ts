import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { applicationDecisionEmail } from '../mail/templates/application-emails.js';
import {
  checkApplicationField,
  checkCountry,
  checkWebsite,
  COUNTRY_CODE_COUNT,
  missingFields,
  websiteDomain,
} from './application-fields.js';

function fieldOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details.field;
  }
  throw new Error('expected an AppError');
}

describe('application fields', () => {
  it('knows the 249 assigned ISO 3166-1 alpha-2 codes, in any case', () => {
    expect(COUNTRY_CODE_COUNT).toBe(249);
    expect(checkCountry(' fr ')).toBe('FR');
    expect(checkCountry('AX')).toBe('AX');
    for (const code of ['UK', 'EU', 'XK', 'ZZ', 'FRA', 'F', '']) {
      expect(
        fieldOf(() => checkCountry(code)),
        code,
      ).toBe('country');
    }
  });

  it('takes https websites of public domain names and finds their domain', () => {
    expect(checkWebsite(' https://Univ-Demo.ORG/about?x=1 ')).toBe(
      'https://univ-demo.org/about?x=1',
    );
    expect(websiteDomain('https://www.univ-demo.org/')).toBe('www.univ-demo.org');
    expect(websiteDomain('https://bücher.de/')).toBe('xn--bcher-kva.de');
    for (const website of [
      'http://univ-demo.org',
      'https://user:pw@univ-demo.org',
      'https://localhost/',
      'https://192.168.1.1/',
      'https://intranet/',
      'univ-demo.org',
      `https://${'a'.repeat(2000)}.org/`,
    ]) {
      expect(
        fieldOf(() => checkWebsite(website)),
        website,
      ).toBe('website');
    }
  });

  it('checks each field and names it; never accepts a non-string', () => {
    expect(checkApplicationField('contactEmail', ' Camille@Example.ORG ')).toBe(
      'camille@example.org',
    );
    expect(checkApplicationField('domain', 'Example.ORG.')).toBe('example.org');
    expect(checkApplicationField('legalName', '  Café  SA ')).toBe('Café  SA');
    expect(fieldOf(() => checkApplicationField('registrationNumber', 42))).toBe(
      'registrationNumber',
    );
    expect(fieldOf(() => checkApplicationField('contactName', 'a\u0000b'))).toBe('contactName');
    expect(fieldOf(() => checkApplicationField('legalName', 'x'.repeat(201)))).toBe('legalName');
  });

  it('lists the missing fields in form order', () => {
    expect(
      missingFields({
        legalName: 'A',
        registrationNumber: null,
        country: 'FR',
        website: null,
        contactName: '',
        contactEmail: 'a@b.org',
        domain: null,
      }),
    ).toEqual(['registrationNumber', 'website', 'contactName', 'domain']);
  });
});

describe('decision e-mails', () => {
  it('carry English then French, the reason, and escape it in HTML', () => {
    const mail = applicationDecisionEmail({
      to: 'owner@example.org',
      decision: 'rejected',
      organisationName: 'Démo <SA>',
      reason: 'Documents "expired" & unreadable <b>scan</b>.',
      url: 'https://certa.example',
    });
    expect(mail.subject).toBe(
      'The verification application of Démo <SA> was rejected / La demande de vérification de Démo <SA> a été refusée',
    );
    expect(mail.text).toContain('Reason given by the reviewer:');
    expect(mail.text).toContain('Motif indiqué par l’examinateur :');
    expect(mail.text.split('Documents "expired" & unreadable <b>scan</b>.')).toHaveLength(3);
    expect(mail.html).not.toContain('<b>scan</b>');
    expect(mail.html).toContain('&#60;b&#62;scan');
  });

  it('an approval has no reason line', () => {
    const mail = applicationDecisionEmail({
      to: 'owner@example.org',
      decision: 'approved',
      organisationName: 'Démo',
      reason: null,
      url: 'https://certa.example',
    });
    expect(mail.text).toContain('can now issue documents');
    expect(mail.text).not.toMatch(/Reason|Motif/);
  });
});

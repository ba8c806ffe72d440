import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_STARTERS } from './index.js';

/**
 * The starters are built with small element builders (elements.ts); what they produce must stay
 * exactly the JSON written out by hand before, byte for byte, since organisations' templates
 * were created from it. A deliberate change to a starter updates these digests in its commit.
 */
const DIGESTS: Record<string, string> = {
  diploma: '22d356a271b1d9041ae6540b880d3fc094a700f5094139a8a96a36075f5787c3',
  completion: '77ed4cdb2a7e16e0dff08a45f037ed72b1b272b71a615e82955cbce1716b68bb',
  attestation: '10c9b4dd21d02fa4506765811f1db417c0dd181ab5322fc0deb8e12ba6b0dc2e',
};

describe('template starters', () => {
  it('serialise exactly as the hand-written definitions did', () => {
    const digests = Object.fromEntries(
      TEMPLATE_STARTERS.map((starter) => [
        starter.id,
        createHash('sha256').update(JSON.stringify(starter.definition)).digest('hex'),
      ]),
    );
    expect(digests).toEqual(DIGESTS);
  });
});

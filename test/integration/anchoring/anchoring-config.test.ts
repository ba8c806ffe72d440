import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CALENDARS, loadConfig } from '../../../src/config.js';

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** One sentence: one line, a full stop at the end, no second sentence inside. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/[\r\n]/);
  expect(message).toMatch(/^\S.*\.$/);
  expect(message.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
}

describe('anchoring configuration', () => {
  it('defaults: the public calendars, 2 of them, every 10 minutes, Esplora at Blockstream', () => {
    const { anchoring } = loadConfig({});
    expect(anchoring).toMatchObject({
      backends: ['calendars'],
      calendars: [...DEFAULT_CALENDARS],
      minCalendars: 2,
      intervalSeconds: 600,
      batchMax: 10_000,
      upgradeIntervalSeconds: 600,
      worker: 'embedded',
      bitcoinRpc: null,
      headerSource: { kind: 'esplora', url: 'https://blockstream.info/api' },
    });
  });

  it('takes the values given, strips trailing slashes and splits credentials off RPC URLs', () => {
    const { anchoring } = loadConfig({
      ANCHOR_BACKENDS: 'calendars, bitcoin-rpc',
      ANCHOR_CALENDARS: 'https://cal.example/, http://127.0.0.1:9000',
      ANCHOR_MIN_CALENDARS: '1',
      ANCHOR_INTERVAL_SECONDS: '30',
      ANCHOR_BATCH_MAX: '500',
      ANCHOR_UPGRADE_INTERVAL_SECONDS: '120',
      ANCHOR_WORKER: 'separate',
      BITCOIN_RPC_URL: 'http://certa:s%40cret@127.0.0.1:8332/',
      BITCOIN_RPC_WALLET: 'anchoring',
      BITCOIN_HEADER_SOURCE: 'rpc:http://reader:pw@127.0.0.1:8332/',
    });
    expect(anchoring).toMatchObject({
      backends: ['calendars', 'bitcoin-rpc'],
      calendars: ['https://cal.example', 'http://127.0.0.1:9000'],
      minCalendars: 1,
      intervalSeconds: 30,
      batchMax: 500,
      upgradeIntervalSeconds: 120,
      worker: 'separate',
      bitcoinRpc: {
        url: 'http://127.0.0.1:8332/',
        username: 'certa',
        password: 's@cret',
        wallet: 'anchoring',
      },
      headerSource: {
        kind: 'rpc',
        url: 'http://127.0.0.1:8332/',
        username: 'reader',
        password: 'pw',
      },
    });
  });

  it('ANCHOR_BACKENDS=none turns anchoring off', () => {
    expect(loadConfig({ ANCHOR_BACKENDS: 'none' }).anchoring.backends).toEqual([]);
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['ANCHOR_BACKENDS', { ANCHOR_BACKENDS: 'blockchain' }],
    ['ANCHOR_BACKENDS', { ANCHOR_BACKENDS: 'none,calendars' }],
    ['ANCHOR_BACKENDS', { ANCHOR_BACKENDS: ',' }],
    ['ANCHOR_CALENDARS', { ANCHOR_CALENDARS: 'http://calendar.example' }],
    ['ANCHOR_CALENDARS', { ANCHOR_CALENDARS: 'not a url' }],
    ['ANCHOR_CALENDARS', { ANCHOR_CALENDARS: 'https://cal.example/?x=1' }],
    ['ANCHOR_CALENDARS', { ANCHOR_CALENDARS: ' , ' }],
    ['ANCHOR_CALENDARS', { ANCHOR_CALENDARS: 'https://user:pw@cal.example' }],
    ['ANCHOR_MIN_CALENDARS', { ANCHOR_MIN_CALENDARS: '0' }],
    ['ANCHOR_MIN_CALENDARS', { ANCHOR_MIN_CALENDARS: '5' }],
    [
      'ANCHOR_MIN_CALENDARS',
      { ANCHOR_CALENDARS: 'https://one.example', ANCHOR_MIN_CALENDARS: '2' },
    ],
    ['ANCHOR_INTERVAL_SECONDS', { ANCHOR_INTERVAL_SECONDS: 'soon' }],
    ['ANCHOR_INTERVAL_SECONDS', { ANCHOR_INTERVAL_SECONDS: '0' }],
    ['ANCHOR_BATCH_MAX', { ANCHOR_BATCH_MAX: '2000000' }],
    ['ANCHOR_UPGRADE_INTERVAL_SECONDS', { ANCHOR_UPGRADE_INTERVAL_SECONDS: '-5' }],
    ['ANCHOR_WORKER', { ANCHOR_WORKER: 'both' }],
    ['BITCOIN_RPC_URL', { ANCHOR_BACKENDS: 'bitcoin-rpc' }],
    ['BITCOIN_RPC_URL', { ANCHOR_BACKENDS: 'bitcoin-rpc', BITCOIN_RPC_URL: 'ftp://u:hunter2@x' }],
    ['BITCOIN_RPC_WALLET', { BITCOIN_RPC_WALLET: 'my wallet/..' }],
    ['BITCOIN_HEADER_SOURCE', { BITCOIN_HEADER_SOURCE: 'https://blockstream.info/api' }],
    ['BITCOIN_HEADER_SOURCE', { BITCOIN_HEADER_SOURCE: 'esplora:not a url' }],
    ['BITCOIN_HEADER_SOURCE', { BITCOIN_HEADER_SOURCE: 'rpc:ftp://u:hunter2@node' }],
    ['BITCOIN_HEADER_SOURCE', { BITCOIN_HEADER_SOURCE: 'esplora:https://u:hunter2@x.example' }],
  ];

  it.each(cases)(
    '%s: %j is refused with one sentence naming it, repeating no password',
    (variable, env) => {
      const error = configErrorOf(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expectOneSentence(error.message);
      expect(error.message).not.toMatch(/hunter2|pw@/);
    },
  );
});

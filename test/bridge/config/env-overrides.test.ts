import assert from 'node:assert/strict';
import { applyEnvOverrides, ENV_OVERRIDES } from '../../../bridge/config/env-overrides.js';
import { loadConfig } from '../../../bridge/config/load-config.js';

describe('environment overrides', () => {
  it('override ports, hosts, mode, secrets and URLs of the seed centre', () => {
    const cfg = loadConfig(undefined, {
      PORT: '9090',
      HOST: '127.0.0.1',
      TELEPHONY_MODE: 'drachtio',
      DRACHTIO_HOST: '10.0.0.5',
      DRACHTIO_PORT: '9023',
      DRACHTIO_SECRET: 'not-cymru',
      FREESWITCH_ESL_HOST: '10.0.0.6',
      FREESWITCH_ESL_PORT: '8022',
      FREESWITCH_ESL_PASSWORD: 'not-ClueCon',
      DATABASE_URL: 'postgres://hotline@127.0.0.1/hotline',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    assert.equal(cfg.server.port, 9090);
    assert.equal(cfg.server.host, '127.0.0.1');
    assert.equal(cfg.telephony.mode, 'drachtio');
    assert.deepEqual(cfg.telephony.drachtio, { host: '10.0.0.5', port: 9023, secret: 'not-cymru' });
    assert.deepEqual(cfg.telephony.freeswitch, { host: '10.0.0.6', port: 8022, password: 'not-ClueCon', listenAddress: '127.0.0.1', listenPort: 0, commandLanes: 2 });
    assert.equal(cfg.store.databaseUrl, 'postgres://hotline@127.0.0.1/hotline');
    assert.equal(cfg.hub.redisUrl, 'redis://127.0.0.1:6379');
  });

  it('treat empty variables as unset', () => {
    const cfg = loadConfig(undefined, { PORT: '', DATABASE_URL: '  ' });
    assert.equal(cfg.server.port, 8080);
    assert.equal(cfg.store.databaseUrl, undefined);
  });

  it('create missing sections and leave a section of the wrong type for the schema to report', () => {
    const doc: Record<string, unknown> = { server: 'oops' };
    const applied = applyEnvOverrides(doc, { PORT: '1', REDIS_URL: 'redis://x' });
    assert.equal(doc.server, 'oops');
    assert.deepEqual(doc.hub, { redisUrl: 'redis://x' });
    assert.deepEqual([...applied.keys()], ['hub.redisUrl']);
  });

  it('cover every variable the deployment guide names', () => {
    assert.deepEqual(ENV_OVERRIDES.map((o) => o.variable).sort(), [
      'DATABASE_URL', 'DRACHTIO_HOST', 'DRACHTIO_PORT', 'DRACHTIO_SECRET', 'FREESWITCH_ESL_HOST', 'FREESWITCH_ESL_PASSWORD',
      'FREESWITCH_ESL_PORT', 'HOST', 'HOTLINE_REDIS_PREFIX', 'PORT', 'REDIS_URL', 'TELEPHONY_MODE',
    ]);
  });
});

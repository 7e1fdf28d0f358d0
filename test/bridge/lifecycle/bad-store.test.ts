import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { startBridge } from '../../../bridge/main.js';
import { tempDataDir } from '../../support/product-process.js';

describe('a corrupt or foreign store file stops the start with where and why', () => {
  const tmp = tempDataDir('hotline-bad-store-');
  after(() => tmp.remove());
  const env = { ...process.env, HOTLINE_CONFIG: undefined, DATABASE_URL: undefined, REDIS_URL: undefined };

  it('refuses a file that is not a database, naming it', async () => {
    const dir = path.join(tmp.dir, 'garbage');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'history.sqlite3'), 'this is a spreadsheet, not a hotline store '.repeat(200));
    await assert.rejects(startBridge({ dataDir: dir, port: 0, host: '127.0.0.1', labArrivalsPerMinute: 0, env, logger: pino({ level: 'silent' }) }), (err: Error) => {
      assert.equal(err.name, 'StartupError');
      assert.match(err.message, /cannot open the store \(.*garbage\/history\.sqlite3\): .*not a database/);
      return true;
    });
  });
});

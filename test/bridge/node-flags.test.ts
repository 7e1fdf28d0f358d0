import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_NODE_FLAGS } from '../../bridge/node-flags.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the Node flags the bridge runs with', () => {
  it('npm start passes every one of them, before the entry point', () => {
    const start = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start'] ?? '';
    const run = /tsx (.*)bridge\/main\.ts/.exec(start);
    assert.ok(run, `npm start runs bridge/main.ts through tsx: ${start}`);
    for (const flag of BRIDGE_NODE_FLAGS) assert.ok(run[1]!.split(/\s+/).includes(flag), `npm start lacks ${flag}: ${start}`);
  });
});

// One mocha run for everything `npm test` covers: unit, integration (lab switch, protocol doubles,
// SQLite + PostgreSQL store), hub, components (jsdom) and browser e2e (Chromium).
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'agent-desktop/src/**/*.test.tsx'],
  ignore: ['test/bench/**', 'test/interop/**/*.fixture.ts'],
  timeout: 20000,
  exit: true,
  reporter: 'spec',
};

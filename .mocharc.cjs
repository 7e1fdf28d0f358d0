// Shared mocha settings. The spec list lives in package.json's "test" script so that
// `npx mocha path/to/one.test.ts` runs just that file.
module.exports = {
  'node-option': ['import=tsx'],
  timeout: 20000,
  exit: true,
  reporter: 'spec',
};

/**
 * Unit specs sit beside the code and test pure logic. E2E specs in test/
 * start the built server (`node dist/src/main.js`) as a real process on real
 * PostgreSQL and talk to it over HTTP only, so Jest never loads NestJS itself
 * (NestJS 12 ships as ES modules, which Jest's CommonJS runtime cannot load on Node 20).
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};

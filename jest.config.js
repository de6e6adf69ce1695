/** Unit, contract and end-to-end tests; TypeScript is compiled by SWC (type checking is `npm run typecheck`). */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.contract-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // NestJS 12 and canonicalize ship ES modules only. Node loads them from the CommonJS build through require(esm);
    // Jest cannot before Node 24.9, so SWC compiles them to CommonJS for the tests.
    '^.+\\.js$': ['@swc/jest', { swcrc: false, jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|canonicalize)/)'],
  moduleNameMapper: {
    '^@ledger/(event-sourcing|read-store|platform|sales)$': '<rootDir>/libs/$1/src',
    '^@ledger/(event-sourcing|read-store|platform|sales)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};

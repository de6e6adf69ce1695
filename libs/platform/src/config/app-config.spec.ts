import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadAppConfig } from './app-config';

describe('the JWT key, as the API and salesctl token find it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'app-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is refused, naming JWT_SECRET and DATA_DIR, where a tool may not make one and there is none', () => {
    expect(() => loadAppConfig({ DATA_DIR: join(dataDir, 'empty') }, 'refuse')).toThrow(
      new ConfigError(
        `no JWT signing key: JWT_SECRET is not set and ${join(dataDir, 'empty', 'jwt-secret')} does not exist. Set DATA_DIR to the data folder of the running API ` +
          '(it makes its key there on its first start), or JWT_SECRET to the key it was started with.',
      ),
    );
  });

  it('is not made where a tool may not make one', () => {
    expect(() => loadAppConfig({ DATA_DIR: join(dataDir, 'untouched') }, 'refuse')).toThrow(ConfigError);
    expect(existsSync(join(dataDir, 'untouched'))).toBe(false);
  });

  it('is the one the API made, for a tool that finds it in the same data folder', () => {
    const made = loadAppConfig({ DATA_DIR: join(dataDir, 'api') }).jwtSecret;
    expect(loadAppConfig({ DATA_DIR: join(dataDir, 'api') }, 'refuse').jwtSecret).toBe(made);
  });

  it('is JWT_SECRET when set, wherever the data folder is', () => {
    expect(loadAppConfig({ DATA_DIR: join(dataDir, 'none'), JWT_SECRET: 'k'.repeat(32) }, 'refuse').jwtSecret).toBe('k'.repeat(32));
  });
});

describe('the protections, as an operator sets them', () => {
  it('read CORS_ORIGINS as a comma-separated list of origins', () => {
    expect(loadAppConfig({ JWT_SECRET: 'k'.repeat(32), CORS_ORIGINS: 'https://crm.example.com, http://localhost:5173' }).protections.corsOrigins).toEqual([
      'https://crm.example.com',
      'http://localhost:5173',
    ]);
  });

  it('refuse an origin with a path, which a browser never sends', () => {
    expect(() => loadAppConfig({ JWT_SECRET: 'k'.repeat(32), CORS_ORIGINS: 'https://crm.example.com/app' })).toThrow(ConfigError);
  });
});

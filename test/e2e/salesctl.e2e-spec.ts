import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anOpportunity, client } from './support/http';
import { ROOT, SALESCTL, newDataDir, removeDataDir, startApi } from './support/api-process';

describe('salesctl token', () => {
  it('makes a token the API accepts for that user and role', async () => {
    const dataDir = newDataDir();
    const api = await startApi(dataDir);
    try {
      const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '' };
      const token = execFileSync(process.execPath, [SALESCTL, 'token', '--role', 'manager', '--user', 'dustin-brinkmann'], { cwd: ROOT, env })
        .toString()
        .trim();
      const opened = await client(api.url, token).post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }));
      expect(opened.status).toBe(201);
      // An auditor reads the stream: a manager's read of it waits on the view that says whose deal it is.
      const stream = await client(api.url, api.tokens.auditor).get(`/streams/opportunity-${opened.body.id as string}`);
      expect((stream.body.events as Array<{ metadata: { actor: unknown } }>)[0].metadata.actor).toEqual({ userId: 'dustin-brinkmann', role: 'manager' });
      expect(() =>
        execFileSync(process.execPath, [SALESCTL, 'token', '--role', 'boss', '--user', 'u1'], { cwd: ROOT, env, stdio: 'pipe' }),
      ).toThrow(/choose one of rep, manager, auditor, analyst, admin/);
    } finally {
      await api.stop();
      removeDataDir(dataDir);
    }
  });
});

describe('salesctl token without a key', () => {
  // Run where no data folder is, with neither DATA_DIR nor JWT_SECRET: the server's own resolution finds no key.
  const cwd = mkdtempSync(join(tmpdir(), 'salesctl-no-key-'));
  const env = { ...process.env, EVENTSTORE_URL: '', DATA_DIR: '', JWT_SECRET: '' };
  const run = () => spawnSync(process.execPath, [SALESCTL, 'token', '--role', 'manager', '--user', 'u1'], { cwd, env, encoding: 'utf8' });
  afterAll(() => removeDataDir(cwd));

  it('refuses with a non-zero exit and a message naming the settings that give the key', () => {
    const result = run();
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: '' });
    expect(result.stderr).toMatch(/no JWT signing key.*JWT_SECRET.*DATA_DIR/s);
  });

  it('never makes a key of its own', () => {
    run();
    expect(existsSync(join(cwd, 'data', 'jwt-secret'))).toBe(false);
  });
});

describe('salesctl --help', () => {
  const help = (...args: string[]) => execFileSync(process.execPath, [SALESCTL, ...args, '--help'], { cwd: ROOT }).toString();
  const listedCommands = (text: string) => [...text.split('Commands:')[1].matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]).filter((name) => name !== 'help');

  it('describes salesctl by the commands it has, and only those', () => {
    const text = help();
    expect(text).toContain(`Operate the sales ledger: ${listedCommands(text).join(', ')}`);
  });

  it('lists the commands that exist', () => {
    expect(listedCommands(help())).toEqual(['token', 'rebuild', 'replay', 'import', 'generate', 'projections', 'doctor', 'seed-products', 'seed-team', 'api-keys', 'audit']);
  });

  it('lists under import only the formats it imports', () => {
    expect(listedCommands(help('import'))).toEqual(['crm-sales']);
  });

  it('lists the audit commands', () => {
    expect(listedCommands(help('audit'))).toEqual(['verify', 'export', 'verify-export', 'erasure-receipt']);
  });
});

describe('salesctl seed-products', () => {
  it('lists the products of a CSV once, however often it runs', () => {
    const dataDir = newDataDir();
    try {
      const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '' };
      const seed = () => execFileSync(process.execPath, [SALESCTL, 'seed-products', 'seed/crm-sales/products.csv'], { cwd: ROOT, env }).toString();
      expect(seed()).toBe('Catalogue: 7 listed, 0 already there\n');
      expect(seed()).toBe('Catalogue: 0 listed, 7 already there\n');
    } finally {
      removeDataDir(dataDir);
    }
  });
});

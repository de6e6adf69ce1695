import { execFileSync } from 'node:child_process';
import { anOpportunity, client } from './support/http';
import { ROOT, SALESCTL, newDataDir, removeDataDir, startApi } from './support/api-process';

describe('salesctl token', () => {
  it('makes a token the API accepts for that user and role', async () => {
    const dataDir = newDataDir();
    const api = await startApi(dataDir);
    try {
      const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '' };
      const token = execFileSync(process.execPath, [SALESCTL, 'token', '--role', 'manager', '--user', 'u1'], { cwd: ROOT, env })
        .toString()
        .trim();
      const opened = await client(api.url, token).post('/opportunities', anOpportunity());
      expect(opened.status).toBe(201);
      const stream = await client(api.url, token).get(`/streams/opportunity-${opened.body.id as string}`);
      expect((stream.body.events as Array<{ metadata: { actor: unknown } }>)[0].metadata.actor).toEqual({ userId: 'u1', role: 'manager' });
      expect(() =>
        execFileSync(process.execPath, [SALESCTL, 'token', '--role', 'boss', '--user', 'u1'], { cwd: ROOT, env, stdio: 'pipe' }),
      ).toThrow(/choose one of rep, manager, auditor, analyst, admin/);
    } finally {
      await api.stop();
      removeDataDir(dataDir);
    }
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

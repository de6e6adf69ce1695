import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandContext, formatPosition, SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore } from '@ledger/read-store';
import { OPPORTUNITY_VIEWS, handleOpportunity, handleTeamMember, salesProjections } from '@ledger/sales';
import { anOpportunity, client } from './support/http';
import { ROOT, SALESCTL, newDataDir, removeDataDir, startApi, waitUntilCaughtUp } from './support/api-process';

const randomBetween = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** SIGKILLs during commands and live projection: 5 in CI, more with CRASH_ROUNDS (npm run test:soak). */
const CRASH_ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);

/** Each consumer's checkpoint as kept on disk (the API reports its workers' positions, which run ahead of the disk between commits). */
async function checkpointsOnDisk(dataDir: string): Promise<Record<string, string>> {
  const store = new SqliteReadStore(join(dataDir, 'read-models.db'));
  try {
    return Object.fromEntries((await store.listCheckpoints()).map(({ projection, position }) => [projection, position === null ? '0' : formatPosition(position)]));
  } finally {
    await store.close();
  }
}

const asNumbers = (position: string): bigint[] => position.split('.').map((part) => BigInt(part));
const isBefore = (a: string, b: string): boolean => {
  const [x, y] = [asNumbers(a), asNumbers(b)];
  return x[0] < y[0] || (x[0] === y[0] && (x[1] ?? 0n) < (y[1] ?? 0n));
};

/** Every consumer whose checkpoint was ever seen lower than it had been seen before. */
const checkpointsMovedBack = (seen: readonly Record<string, string>[]): string[] =>
  seen.flatMap((later, index) =>
    Object.entries(later)
      .filter(([name, position]) => seen.slice(0, index).some((earlier) => earlier[name] !== undefined && isBefore(position, earlier[name])))
      .map(([name]) => `${name} at observation ${index}`),
  );

/** The read models of a data folder, as documents sorted by id, and its checkpoints. */
async function readModelsOf(dataDir: string) {
  const store = new SqliteReadStore(join(dataDir, 'read-models.db'));
  try {
    const documents = await store.find(OPPORTUNITY_VIEWS, {}, { sort: { _id: 1 } });
    // Process managers keep checkpoints too, but a rebuild never replays them (they would act again).
    const projections = new Set(salesProjections.map((projection) => projection.name));
    const checkpoints = (await store.listCheckpoints())
      .filter(({ projection }) => projections.has(projection))
      .map(({ projection, position }) => ({ projection, position }));
    return { documents, checkpoints };
  } finally {
    await store.close();
  }
}

/** The same log rebuilt from scratch in another folder by `salesctl rebuild`. */
function cleanRebuildOf(dataDir: string): string {
  const clean = newDataDir();
  for (const file of ['events.db', 'events.db-wal', 'keys.db', 'keys.db-wal', 'jwt-secret']) {
    if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(clean, file));
  }
  execFileSync(process.execPath, [SALESCTL, 'rebuild'], { cwd: ROOT, env: { ...process.env, DATA_DIR: clean, EVENTSTORE_URL: '' }, stdio: 'pipe' });
  return clean;
}

async function expectIdenticalToCleanRebuild(dataDir: string): Promise<void> {
  const clean = cleanRebuildOf(dataDir);
  try {
    const [actual, expected] = await Promise.all([readModelsOf(dataDir), readModelsOf(clean)]);
    expect(actual.documents.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  } finally {
    removeDataDir(clean);
  }
}

describe('Crashes never lose or double a projection effect', () => {
  it(`SIGKILL at random instants during commands and live projection (${CRASH_ROUNDS} times): no acknowledged command lost, checkpoints only move forward, read models equal a clean rebuild`, async () => {
    const dataDir = newDataDir();
    try {
      const acknowledged: string[] = [];
      const checkpointsSeen: Record<string, string>[] = [];
      for (let round = 0; round < CRASH_ROUNDS; round += 1) {
        const api = await startApi(dataDir);
        const rep = client(api.url, api.tokens.rep);
        let alive = true;
        const senders = Array.from({ length: 8 }, async () => {
          while (alive) {
            try {
              const { status, body } = await rep.post('/opportunities', anOpportunity({ amount: { amountMinor: randomBetween(1, 10_000_000), currency: 'USD' } }));
              if (status === 201) acknowledged.push(body.id as string);
              await rep.post(`/opportunities/${body.id as string}/stage`, { stage: 'proposal' });
              await rep.post(`/opportunities/${body.id as string}/won`, {});
            } catch {
              alive = false;
            }
          }
        });
        await sleep(randomBetween(200, 1200));
        await api.stop('SIGKILL');
        alive = false;
        await Promise.all(senders);
        checkpointsSeen.push(await checkpointsOnDisk(dataDir));
      }
      const api = await startApi(dataDir);
      await waitUntilCaughtUp(api);
      const auditor = client(api.url, api.tokens.auditor);
      const lost = [];
      for (const id of acknowledged) if ((await auditor.get(`/streams/opportunity-${id}`)).status !== 200) lost.push(id);
      await api.stop();
      checkpointsSeen.push(await checkpointsOnDisk(dataDir));
      expect({ acknowledged: acknowledged.length > 0, lost, backwards: checkpointsMovedBack(checkpointsSeen) }).toEqual({ acknowledged: true, lost: [], backwards: [] });
      await expectIdenticalToCleanRebuild(dataDir);
    } finally {
      removeDataDir(dataDir);
    }
  }, 60_000 + CRASH_ROUNDS * 20_000);

  it('SIGKILL at random instants during a rebuild: the next start finishes it, equal to a clean rebuild', async () => {
    const dataDir = newDataDir();
    try {
      await seedLog(dataDir, 15_000);
      let interrupted = 0;
      for (let round = 0; round < 3; round += 1) {
        const rebuild: ChildProcess = spawn(process.execPath, [SALESCTL, 'rebuild'], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '' },
          stdio: 'ignore',
        });
        // Listen before killing: a rebuild that already finished has no exit event left to give.
        const exited = new Promise((resolve) => rebuild.once('exit', resolve));
        await sleep(randomBetween(500, 2500));
        rebuild.kill('SIGKILL');
        await exited;
        const { checkpoints } = await readModelsOf(dataDir);
        if (checkpoints.length === 0 || checkpoints[0].position === null || checkpoints[0].position.commit < 35_000n) interrupted += 1;
      }
      console.info(`rebuild killed mid-way in ${interrupted} of 3 rounds`);
      const api = await startApi(dataDir);
      await waitUntilCaughtUp(api);
      await api.stop();
      await expectIdenticalToCleanRebuild(dataDir);
    } finally {
      removeDataDir(dataDir);
    }
  }, 120_000);
});

/** A log of opened, advanced and closed opportunities, written through the real command path. */
async function seedLog(dataDir: string, opportunities: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  let n = 0;
  const context = (): CommandContext => {
    n += 1;
    return { commandId: `seed-${n}`, correlationId: 'seed', causationId: 'seed', actor: { userId: 'seed', role: 'admin' }, occurredAt: new Date(Date.UTC(2027, 0, 1) + n * 1000).toISOString() };
  };
  const one = async (i: number): Promise<void> => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const open = { type: 'OpenOpportunity', ...anOpportunity({ ownerId: `rep-${i % 7}` }), accountId: `acc-${i % 11}`, productInterest: null, opportunityId: id };
    await handleOpportunity(store, open as never, context());
    await handleOpportunity(store, { type: 'ChangeStage', opportunityId: id, stage: 'proposal', reason: null }, context());
    if (i % 3 === 0) await handleOpportunity(store, { type: 'MarkWon', opportunityId: id }, context());
  };
  // Owners are active members of the team directory.
  for (let rep = 0; rep < 7; rep += 1) {
    await handleTeamMember(store, { type: 'AddTeamMember', userId: `rep-${rep}`, name: `Rep ${rep}`, role: 'rep', managerId: null, regionalOffice: null }, context());
  }
  for (let start = 0; start < opportunities; start += 200) {
    await Promise.all(Array.from({ length: Math.min(200, opportunities - start) }, (_, k) => one(start + k)));
  }
  await store.close();
}

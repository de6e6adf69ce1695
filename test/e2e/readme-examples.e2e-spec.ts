import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type RunningApi, newDataDir, removeDataDir, startApi } from './support/api-process';
import { anOpportunity, client, eventually } from './support/http';

/**
 * The README's API examples, run as written on a fresh embedded start (the demo data set in), in
 * order, each in bash with the real curl. Every ```bash block that calls the API
 * (`localhost:3000`) is one; the README's convention, which the test applies as a reader would:
 * `<rep token>` (any role) is that role's token from the start-up banner; `<id>`, `<quote>` are
 * the ids of earlier answers, each taken from the answer whose comment shows `"id":"<id>"`; a
 * comment starting with a status (`# 201 Created`) is the status to expect, any other command
 * must answer 2xx. Settings (`REP=<rep token>`) run before each later call; other commands that are not curl calls (a client generator) are left to the OpenAPI test.
 */
type Example = { command: string; comment: string };
type Run = { command: string; status: number | null; expected: string; body: string };

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The quote still open after `text` (a JSON body over several lines, say), or null. */
function openQuoteAfter(text: string, quote: string | null = null): string | null {
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\' && quote !== "'") i += 1;
    else if ((char === "'" || char === '"') && (quote === null || quote === char)) quote = quote === null ? char : null;
  }
  return quote;
}

/** Where a `# comment` starts in a line that begins outside (or inside) a quote; -1 for none. */
function commentStart(line: string, quote: string | null): number {
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quote === null && char === '#' && (i === 0 || /\s/.test(line[i - 1]))) return i;
    if (char === '\\' && quote !== "'") i += 1;
    else if ((char === "'" || char === '"') && (quote === null || quote === char)) quote = quote === null ? char : null;
  }
  return -1;
}

/** Splits a bash block into commands (a quote left open or a trailing `\` continues one) with their comments (trailing, or on the lines after). */
function examplesOf(block: string): Example[] {
  const examples: Example[] = [];
  let command = '';
  for (const line of block.split('\n')) {
    if (command === '' && /^\s*(#|$)/.test(line)) {
      if (examples.length > 0 && line.trim() !== '') examples[examples.length - 1].comment += ` ${line.trim().slice(1).trim()}`;
      continue;
    }
    const at = commentStart(line, openQuoteAfter(command));
    command += (command === '' ? '' : '\n') + (at < 0 ? line : line.slice(0, at)).trimEnd();
    if (openQuoteAfter(command) !== null || command.endsWith('\\')) continue;
    examples.push({ command, comment: at < 0 ? '' : line.slice(at + 1).trim() });
    command = '';
  }
  return examples;
}

const idOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { id?: string }).id;
  } catch {
    return undefined;
  }
};

const apiBlocks = (): string[] => [...README.matchAll(/^```(?:bash|sh)\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((block) => block.includes('localhost:3000'));

/** Every curl of the README's API examples, counted where it is written. */
const curlsInTheReadme = (): number => apiBlocks().reduce((count, block) => count + (block.match(/^\s*(?:\w+=\$\()?curl\s/gm) ?? []).length, 0);

/** Where the examples run, as a reader's shell would: files they write (a generated client, say) land there, not in the repository. */
const WORKING_DIR = mkdtempSync(join(tmpdir(), 'readme-examples-'));
const STATUS_FILE = join(WORKING_DIR, 'status');
/** Each curl writes its status to a file and its answer to stdout, as the reader sees it. */
const CURL_WITH_STATUS = `curl() { command curl --write-out '%{stderr}\\nstatus=%{http_code}\\n' "$@" 2>"${STATUS_FILE}"; }`;

/** Runs a curl command line in bash after the lines before it; its status (null if curl never answered) and what it printed. */
function runInBash(prelude: readonly string[], command: string): { status: number | null; body: string } {
  writeFileSync(STATUS_FILE, '');
  const result = spawnSync('bash', ['-c', [CURL_WITH_STATUS, ...prelude, command].join('\n')], { cwd: WORKING_DIR, encoding: 'utf8', timeout: 30_000 });
  const written = /^status=(\d{3})$/m.exec(readFileSync(STATUS_FILE, 'utf8'))?.[1];
  const body = result.stdout.includes('\r\n\r\n') ? result.stdout.slice(result.stdout.indexOf('\r\n\r\n') + 4) : result.stdout;
  return { status: written === undefined ? null : Number(written), body: body + result.stderr };
}

function runExamples(api: RunningApi): Run[] {
  const port = new URL(api.url).port;
  const ids = new Map<string, string>();
  const prelude: string[] = [];
  const runs: Run[] = [];
  for (const { command, comment } of apiBlocks().flatMap(examplesOf)) {
    const filled = command
      .replaceAll('localhost:3000', `localhost:${port}`)
      .replace(/<(\w+) token>/g, (placeholder, role: string) => api.tokens[role] ?? placeholder)
      .replace(/<(\w+)>/g, (placeholder, name: string) => ids.get(name) ?? placeholder);
    if (!/\bcurl\s/.test(command)) {
      // Settings (`REP=<rep token>`) hold for the calls after them; other tools (a client generator) are the OpenAPI test's.
      if (/^\s*\w+=/.test(command)) prelude.push(filled);
      continue;
    }
    const { status, body } = runInBash(prelude, filled);
    runs.push({ command: command.split('\n')[0], status, expected: /^(\d{3})\b/.exec(comment)?.[1] ?? '2xx', body: body.slice(0, 400) });
    const gives = /"id":"<(\w+)>"/.exec(comment)?.[1];
    const id = idOf(body);
    if (gives !== undefined && id !== undefined) ids.set(gives, id);
  }
  return runs;
}

const answeredAsExpected = (run: Run): boolean =>
  run.expected === '2xx' ? run.status !== null && run.status >= 200 && run.status < 300 : run.status === Number(run.expected);

const SEED_PRODUCT_CODES = ['GTK-500', 'GTX-BASIC', 'GTX-PLUS-BASIC', 'GTX-PLUS-PRO', 'GTX-PRO', 'MG-ADVANCED', 'MG-SPECIAL'];

describe('the README examples and the start-up banner, on a fresh start', () => {
  const dataDir = newDataDir();
  let api: RunningApi;
  let runs: Run[];

  beforeAll(async () => {
    // As a new user starts it: the demo data set is imported, and the README waits for /health/ready.
    api = await startApi(dataDir, { DEMO_DATA: 'on' });
    await eventually(async () => ((await fetch(`${api.url}/health/ready`)).status === 200 ? true : undefined), 240_000);
    runs = runExamples(api);
  }, 360_000);

  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it("prints an example for an opportunity's history that runs as printed, given an id", async () => {
    const opened = await client(api.url, api.tokens.rep).post('/opportunities', anOpportunity());
    const example = /curl .*\/streams\/opportunity-<id>/.exec(api.output())![0];
    expect(runInBash([], example.replace('<id>', opened.body.id as string))).toMatchObject({ status: 200 });
  });

  it("prints the catalogue's product codes", () => {
    expect(/^Catalogue: (.*)$/m.exec(api.output())?.[1]).toBe(SEED_PRODUCT_CODES.join(', '));
  });

  it('runs every curl the README shows', () => {
    expect(runs.length).toBe(curlsInTheReadme());
  });

  it('answers every example as the README says (2xx unless its comment names the status)', () => {
    expect(runs.filter((run) => !answeredAsExpected(run))).toEqual([]);
  });
});

describe("the start-up banner's catalogue", () => {
  it('is the catalogue itself: a product an admin listed is there at the next start, a retired one is not', async () => {
    const dataDir = newDataDir();
    try {
      const first = await startApi(dataDir);
      const admin = client(first.url, first.tokens.admin);
      await admin.post('/products', { name: 'Zeta Widget', series: 'Z', listPrices: [{ amountMinor: 1000, currency: 'USD' }] });
      await admin.post('/products/GTK-500/retire', { reason: 'discontinued' });
      await first.stop();
      const second = await startApi(dataDir);
      await second.stop();
      expect(/^Catalogue: (.*)$/m.exec(second.output())?.[1]).toBe(
        ['GTX-BASIC', 'GTX-PLUS-BASIC', 'GTX-PLUS-PRO', 'GTX-PRO', 'MG-ADVANCED', 'MG-SPECIAL', 'ZETA-WIDGET'].join(', '),
      );
    } finally {
      removeDataDir(dataDir);
    }
  });
});

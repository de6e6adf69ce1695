import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_BY_STATUS, STATUS_BY_KIND } from '@ledger/platform';

/**
 * The README's error table ("### Errors") is kept equal to the codes the code answers with, both
 * ways. The code's side is read from the source: every domain error class (`super('<code>', '<kind>'`,
 * its status from the kind as the problem filter maps it), every `ProblemException` (`(<status>,
 * '<code>'`), the filter's own problems, and the codes it gives the HTTP layer's refusals.
 */
const ROOT = join(__dirname, '../..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });

const SOURCES = ['libs', 'apps'].flatMap((dir) => sourceFiles(join(ROOT, dir))).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

const DOMAIN_ERROR = /super\(\s*'([a-z0-9-]+)',\s*'(not-found|already-exists|rule-violated|forbidden)'/g;
const PROBLEM_EXCEPTION = /(?:new ProblemException|super)\(\s*(\d{3}),\s*'([a-z0-9-]+)'/g;
const FILTER_PROBLEM = /\bproblem\((\d{3}), '([a-z0-9-]+)'/g;

const answersOfTheCode = (): string[] => [
  ...SOURCES.flatMap(({ text }) => [...text.matchAll(DOMAIN_ERROR)].map((m) => `${STATUS_BY_KIND[m[2] as keyof typeof STATUS_BY_KIND]} ${m[1]}`)),
  ...SOURCES.flatMap(({ text }) => [...text.matchAll(PROBLEM_EXCEPTION)].map((m) => `${m[1]} ${m[2]}`)),
  ...SOURCES.flatMap(({ text }) => [...text.matchAll(FILTER_PROBLEM)].map((m) => `${m[1]} ${m[2]}`)),
  ...Object.entries(CODE_BY_STATUS).map(([status, code]) => `${status} ${code}`),
];

/** Files where an error is raised whose code the patterns above cannot read (a code passed in a variable, say). */
const unreadableErrors = (): string[] =>
  SOURCES.filter(
    ({ text }) =>
      (text.match(/extends DomainError\b/g) ?? []).length !== [...text.matchAll(DOMAIN_ERROR)].length ||
      (text.match(/new ProblemException\(|extends ProblemException\b/g) ?? []).length !== [...text.matchAll(PROBLEM_EXCEPTION)].length,
  ).map(({ path }) => path.slice(ROOT.length + 1));

/** `| 422 | `code-a`, `code-b` (a note) |` → `422 code-a`, `422 code-b`; notes in parentheses are not codes. */
const answersOfTheReadme = (): string[] => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('\n### ', readme.indexOf('### Errors') + 1));
  return [...section.matchAll(/^\| (\d{3})[^|]* \| (.*) \|$/gm)].flatMap(([, status, codes]) =>
    [...codes.replace(/\([^()]*\)/g, '').matchAll(/`([a-z0-9-]+)`/g)].map((m) => `${status} ${m[1]}`),
  );
};

const distinct = (answers: string[]): string[] => [...new Set(answers)].sort();
const codesWithSeveralStatuses = (answers: string[]): string[] =>
  distinct(answers).filter((answer, _, all) => all.some((other) => other !== answer && other.split(' ')[1] === answer.split(' ')[1]));

describe("the README's error table", () => {
  const code = distinct(answersOfTheCode());
  const readme = distinct(answersOfTheReadme());

  it('reads the code of every error the code raises', () => {
    expect(unreadableErrors()).toEqual([]);
  });

  it('finds each code under one status in the code', () => {
    expect(codesWithSeveralStatuses(code)).toEqual([]);
  });

  it('lists each code under one status', () => {
    expect(codesWithSeveralStatuses(readme)).toEqual([]);
  });

  it('lists every code the API answers with, under its status', () => {
    expect(code.filter((answer) => !readme.includes(answer))).toEqual([]);
  });

  it('lists no code the API does not answer with', () => {
    expect(readme.filter((answer) => !code.includes(answer))).toEqual([]);
  });
});

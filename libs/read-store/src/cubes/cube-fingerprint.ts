import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CubeDefinition } from '../read-store.port';

let librariesStamp: string | undefined;

/**
 * A hash of every source file of the libraries this code is part of (compiled or not): a measure
 * calls helpers whose text its own does not show, so cells saved by other code are never trusted.
 * Read once per process, on first use.
 */
function stampOfLibraries(): string {
  if (librariesStamp !== undefined) return librariesStamp;
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/\.(js|ts)$/.test(entry.name)) hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(resolve(__dirname, '..', '..', '..'));
  librariesStamp = hash.digest('hex');
  return librariesStamp;
}

/** What cells added up by a cube depend on: its definition, its measure and the code around it. */
export function cubeFingerprint(cube: CubeDefinition): string {
  const { name, source, dateField, fixed, cuboids, multiValued, measure } = cube;
  return createHash('sha256')
    .update(JSON.stringify([name, source, dateField ?? null, fixed ?? [], cuboids, multiValued ?? [], measure.toString(), stampOfLibraries()]))
    .digest('hex');
}

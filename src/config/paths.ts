import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (where package.json is), from src/ under ts-node or dist/src/ when built. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export const dataDir = (): string => join(projectRoot(), 'data');

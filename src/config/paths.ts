import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (where package.json is), from src/ under ts-node or dist/src/ when built. */
export function projectRoot(): string {
  // __dirname is missing when Jest loads this file as an ES module; tests run from the root.
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + dir);
    dir = parent;
  }
  return dir;
}

export const dataDir = (): string => join(projectRoot(), 'data');

/** The application's own database on a server the app starts or attaches to (never written by tests or generators). */
export const APP_DATABASE = 'kuntaverkko';

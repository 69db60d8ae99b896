import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies, subset, validRange } from 'semver';

/**
 * `engines.node` is a promise to the people who run the server: every Node
 * version it admits must be one that every installed package admits too, or
 * `npm ci` warns (EBADENGINE) and a package may use what that Node lacks.
 */
const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('Node version', () => {
  const ours = pkg.engines.node;

  it('is a valid range', () => {
    expect(validRange(ours)).not.toBeNull();
  });

  it('is admitted by every package in the lock file', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !theirs || !validRange(theirs)) continue;
      if (!subset(ours, theirs))
        refusing.push(`${path.replace(/^.*node_modules\//, '')}: ${theirs}`);
    }
    expect(refusing).toEqual([]);
  });

  it('admits the Node of the Docker image and of this machine', () => {
    const docker = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const majors = [...docker.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    // A floating `node:20` tag is the newest 20.x release, so the range must reach into it.
    for (const major of majors) expect(satisfies(`${major}.99.0`, ours)).toBe(true);
    expect(satisfies(process.version, ours)).toBe(true);
    expect(minVersion(ours)!.major).toBe(Math.min(...majors));
  });
});

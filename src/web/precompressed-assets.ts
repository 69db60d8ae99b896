import type { NextFunction, Request, Response } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Encoded {
  type: string;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * The bundle's scripts and stylesheets as compressed at build time (scripts/build-web.ts
 * writes `X.br` and `X.gz` beside `X`), sent to clients that accept brotli or gzip: no
 * compression on the request's path, and brotli at its best level, which is too slow to run
 * per request. Other clients and other files fall through to the static folder.
 */
export function servePrecompressedAssets(app: NestExpressApplication, dir: string): void {
  const files = new Map<string, Encoded>();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const m = /^(.+\.(?:js|css))\.(br|gz)$/.exec(name);
    if (!m) continue;
    const entry = files.get(m[1]) ?? { type: TYPES[extname(m[1])] };
    entry[m[2] === 'br' ? 'br' : 'gzip'] = readFileSync(join(dir, name));
    files.set(m[1], entry);
  }
  if (files.size === 0) return;
  app.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    const file = files.get(req.path.slice(1));
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    const offered = (['br', 'gzip'] as const).filter((e) => file[e]);
    const encoding = req.acceptsEncodings(...offered);
    if (encoding !== 'br' && encoding !== 'gzip') return next();
    const body = file[encoding]!;
    res.setHeader('Content-Type', file.type);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.status(200).end(req.method === 'HEAD' ? undefined : body);
  });
}

import { Logger } from '@nestjs/common';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/paths';
import { servePrecompressedAssets } from './precompressed-assets';

/**
 * The page reads only /graphql on its own origin; scripts and styles are files of the
 * bundle (no inline code), WebGL needs nothing more.
 */
export const WEB_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  // The ForceAtlas2 worker of large networks is built from a blob: URL by its library.
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's own files: the only responses compressed here (the API's are left as they are). */
const isPageFile = (req: Request): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  (req.path === '/' || req.path === '/index.html' || req.path.startsWith('/assets/'));

/**
 * Serves the web page built into dist/web/ (`npm run build`) at `/`. Asset names carry a
 * content hash, so they are cached for a year; index.html is revalidated on every load
 * (by ETag), so a new build shows at once. Paths with no file fall through to the routes
 * (/graphql, /health/*, /metrics, /network/*). The page's files are sent compressed (gzip or
 * brotli, as the browser accepts): the bundle is about a fifth of its size then.
 */
export function serveWebPage(app: NestExpressApplication): void {
  const dir = join(projectRoot(), 'dist', 'web');
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('WebPage').warn(`${dir}/index.html is missing: run \`npm run build\``);
    return;
  }
  // Scripts and stylesheets as compressed at build time; what is left (index.html, source
  // maps) is compressed per request.
  servePrecompressedAssets(app, join(dir, 'assets'));
  // Mounted for the page's own files only: wrapping every response (GraphQL's too) to then
  // decide not to compress it cost about a tenth of a small request's CPU (docs/benchmarks.md).
  const compress = compression();
  app.use((req: Request, res: Response, next: NextFunction) =>
    isPageFile(req) ? compress(req, res, next) : next(),
  );
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (path.endsWith('.html')) {
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Content-Security-Policy', WEB_PAGE_CSP);
        res.setHeader('Referrer-Policy', 'no-referrer');
      } else {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });
}

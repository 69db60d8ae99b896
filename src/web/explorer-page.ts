import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { GRAPHQL_PATH } from '../common/http-errors';
import { projectRoot } from '../config/paths';

/**
 * GraphiQL's script and stylesheet are files of the bundle; its fonts and icons are data:
 * URLs inside the stylesheet. It talks to /graphql (and graphql-ws) on its own origin only.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Media types a GraphQL client asks for; a browser's Accept ranks text/html above them. */
const GRAPHQL_TYPES = ['application/graphql-response+json', 'application/json'];

/**
 * A browser opening /graphql (GET, Accept preferring text/html) gets the API explorer built
 * into dist/explorer.html (`npm run build`); every other request goes on to GraphQL, so
 * clients, GET queries and the GraphQL-over-HTTP audits see no difference.
 */
export function serveExplorer(app: NestExpressApplication): void {
  const file = join(projectRoot(), 'dist', 'explorer.html');
  if (!existsSync(file)) {
    new Logger('Explorer').warn(`${file} is missing: run \`npm run build\``);
    return;
  }
  const html = readFileSync(file);
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  app.use(GRAPHQL_PATH, (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    if (req.accepts([...GRAPHQL_TYPES, 'text/html']) !== 'text/html') return next();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', etag);
    res.setHeader('Vary', 'Accept');
    res.setHeader('Content-Security-Policy', EXPLORER_CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.status(200).end(req.method === 'HEAD' ? undefined : html);
  });
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { beforeErrorReply } from '../common/http-errors';
import { LoaderRegistry } from '../common/loader-registry';
import { RateLimitedError, rateLimitHeaders } from './limit-errors';
import { RateLimitService } from './rate-limit.service';

/**
 * What one download costs in rate-limit points: as much as a GraphQL page of
 * 100 projects with their participants, since an export pages through far more.
 */
export const DOWNLOAD_COST = 1000;

/**
 * The rate limit of the GraphQL API, on the download routes: the same budget
 * per token or IP, the same headers, and 429 RATE_LIMITED when it is spent.
 */
@Injectable()
export class DownloadRateLimitGuard implements CanActivate {
  constructor(private readonly rateLimits: RateLimitService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.rateLimits.enabled) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const client = await this.rateLimits.clientKey({ req, loaders: new LoaderRegistry() });
    const { allowed, state } = await this.rateLimits.consume(client, DOWNLOAD_COST);
    for (const [name, value] of rateLimitHeaders(state)) res.setHeader(name, value);
    if (!allowed) {
      const error = new RateLimitedError(state);
      res.setHeader('retry-after', String(error.extensions.retryAfterSeconds));
      throw error;
    }
    // A download refused after this (a bad parameter, an unknown programme) or one that
    // fails before its first byte sent nothing: its points are given back, and the
    // error's headers show the budget as it is then.
    beforeErrorReply(req, async () => {
      const after = await this.rateLimits.refund(client, DOWNLOAD_COST);
      for (const [name, value] of rateLimitHeaders(after)) res.setHeader(name, value);
    });
    return true;
  }
}

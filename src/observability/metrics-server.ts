import { createServer, Server } from 'node:http';
import { metricsText } from './cluster-metrics';
import { registry, SCRAPE_REFUSED, scrapeAllowed } from './metrics';

/**
 * GET /metrics on a port of its own (METRICS_PORT), so that the API's port
 * need not show it; METRICS_TOKEN applies here too. Anything else is 404.
 * Error bodies are shaped like those of the API's plain routes (docs/errors.md).
 */
export async function startMetricsServer(port: number, token: string | undefined): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, code } }));
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics')
      return answer(404, 'NOT_FOUND', `Cannot ${req.method} ${path}`);
    if (!scrapeAllowed(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return answer(401, 'UNAUTHENTICATED', SCRAPE_REFUSED);
    }
    metricsText(registry).then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
      () => answer(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}

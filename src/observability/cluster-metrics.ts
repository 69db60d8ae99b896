import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * /metrics under `npm run start:cluster` (src/cluster.ts). The workers share one port, so a
 * scrape reaches whichever worker the connection went to; that worker asks the primary, which
 * collects every worker's figures (prom-client's AggregatorRegistry) and answers with all of
 * them. Each worker's samples carry a `pid` label, so nothing is summed: every worker is a
 * series of its own, as separate instances would be.
 */

const ASK = 'kuntaverkko:metrics?';
const ANSWER = 'kuntaverkko:metrics';
/** The primary's own bound for collecting the workers' figures is 5 s (prom-client). */
const ASK_TIMEOUT_MS = 6000;

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

const pending = new Map<number, (answer: Answer) => void>();
let asked = 0;

/** In a cluster worker: labels the figures with the pid and lets the primary collect them. */
export function joinClusterMetrics(registry: Registry): void {
  if (!cluster.isWorker) return;
  registry.setDefaultLabels({ pid: String(process.pid) });
  AggregatorRegistry.setRegistries(registry);
  // Its constructor installs the worker's side: answering the primary's requests.
  new AggregatorRegistry();
  process.on('message', (m: Answer) => {
    if (m?.type !== ANSWER) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
}

/**
 * The text of GET /metrics: this process's figures, or in a cluster worker every worker's,
 * collected by the primary.
 */
export function metricsText(registry: Registry): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = ++asked;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the cluster primary did not answer with the workers’ metrics'));
    }, ASK_TIMEOUT_MS);
    pending.set(id, (answer) => {
      clearTimeout(timer);
      if (answer.text !== undefined) resolve(answer.text);
      else reject(new Error(answer.error ?? 'no metrics'));
    });
    process.send!({ type: ASK, id });
  });
}

/** In the cluster primary: answers the workers' requests for everyone's figures. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, m: { type?: string; id?: number }) => {
    if (m?.type !== ASK || typeof m.id !== 'number') return;
    const id = m.id;
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
}

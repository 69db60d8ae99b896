/** A worker of `npm run start:cluster` is listening: `{ type: WORKER_READY, port }` (src/cluster.ts). */
export const WORKER_READY = 'kuntaverkko:ready';

/**
 * What drawing the network needs and nothing else of the page does: graphology, sigma and
 * the layout, three quarters of the page's script. The bundle puts this module in a chunk of
 * its own (scripts/build-web.ts), fetched and compiled while the page's queries run, so the
 * figures, map and charts do not wait for it.
 */
export { default as Graph } from 'graphology';
export { default as Sigma } from 'sigma';
export { layOut, refineInWorker, SYNC_LAYOUT_MAX_NODES } from './layout';

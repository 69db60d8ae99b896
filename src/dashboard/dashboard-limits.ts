/** Bounds of the dashboard's live work; plain constants, so that bench/ can import them. */

/**
 * Pair scoring joins a programme's projects pairwise on shared topics, so
 * its work grows with the square of the programme. Past these bounds a
 * request would take seconds to minutes (the EU-scale synthetic programmes
 * of 25,000 projects have about 34 million candidate pairs each), so the
 * pair figures are reported as not computed rather than blocking the page.
 */
export const MAX_PAIR_PROJECTS = 2_000;
export const MAX_PAIR_CANDIDATES = 200_000;

/**
 * Session settings for the figure statements (transaction-local). JIT off: at
 * EU scale it spent 1.5–1.8 s compiling the project counts, more than a
 * quarter of that statement, and the plans are hash joins and aggregates that
 * gain little from it. More work_mem: the distinct counts over 700,000
 * participation rows spilled to disk at the default 4 MB.
 */
export const FIGURE_SETTINGS_SQL = `SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`;

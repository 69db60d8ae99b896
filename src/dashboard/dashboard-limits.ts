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

/** The figure statements' session settings (declared in sql/), for bench/ to use as the server does. */
export { FIGURE_SETTINGS_SQL } from './sql/figure-settings.sql';

/**
 * The lowest similarity score kept in the list of similar pairs
 * (dashboard_similar_pair; docs/dashboard.md, "Similar pairs"). 0.3 is the
 * default threshold of both `cooperation`/`compliance` and `cooperationGaps`,
 * the score at which the programme rules call two projects similar. Lower
 * thresholds are answered by live scoring within the bounds above. The
 * migration that built the list used these values: changing any of them
 * needs a new migration.
 */
export const PAIR_SCORE_FLOOR = 0.3;

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

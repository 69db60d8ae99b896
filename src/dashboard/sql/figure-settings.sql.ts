/**
 * Session settings for the figure statements (transaction-local; DashboardRepository's
 * `figureSettings`). JIT off: at EU scale it spent 1.5–1.8 s compiling the project counts, more
 * than a quarter of that statement, and the plans are hash joins and aggregates that gain little
 * from it. More work_mem: the distinct counts over 700,000 participation rows spilled to disk at
 * the default 4 MB.
 */
export const FIGURE_SETTINGS_SQL = `SELECT set_config('jit', 'off', true) AS jit, set_config('work_mem', '32MB', true) AS work_mem`;

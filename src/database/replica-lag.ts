/**
 * Positions in the write-ahead log and how far behind a standby is, as plain functions
 * (read-router.ts probes, these decide).
 */

/** A WAL position ('16/B374D848') as a number that compares. */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/**
 * Where the last WAL record the primary has inserted ends, from `pg_current_wal_insert_lsn()`
 * and the server's `wal_block_size` and `wal_segment_size`: the position a standby has reached
 * once it has replayed every record inserted so far, committed transactions included.
 *
 * Not `pg_current_wal_lsn()`: that is how far the WAL has been written out, and with
 * `synchronous_commit = off` a commit returns before its record is written, so the write
 * position can still be short of it. The insert position is where the next record would go:
 * when the last record ended exactly at the end of a page, that is past the next page's header
 * (24 bytes, 40 on a segment's first page), while a standby that replayed the record reports the
 * page boundary; it is then taken back to the boundary.
 */
export function insertedEnd(insert: bigint, blockSize: bigint, segmentSize: bigint): bigint {
  if (insert % segmentSize === LONG_PAGE_HEADER) return insert - LONG_PAGE_HEADER;
  if (insert % blockSize === SHORT_PAGE_HEADER) return insert - SHORT_PAGE_HEADER;
  return insert;
}
/** MAXALIGN(sizeof(XLogPageHeaderData)) and of XLogLongPageHeaderData on 64-bit builds. */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/** The primary's WAL write position at one instant. */
export interface LsnSample {
  at: number;
  lsn: bigint;
}

/**
 * How far behind (ms) a standby that has replayed up to `replay` is at `now`, given the
 * primary's positions sampled over time (oldest first). Measured on the primary's clock, so
 * an idle primary means no lag (a standby that has replayed everything is current) where
 * `now() - pg_last_xact_replay_timestamp()` would grow without end.
 *
 * The standby has replayed everything the primary had written at the last sample whose
 * position it reached; it is at most `now - that sample's time` behind. Null when nothing
 * is known: no sample yet, or the standby reached none of them (it is further behind than
 * the samples go back, which the caller treats as too far).
 */
export function lagMs(
  samples: readonly LsnSample[],
  replay: bigint | null,
  now: number,
): number | null {
  if (samples.length === 0 || replay === null) return null;
  const latest = samples[samples.length - 1];
  if (replay >= latest.lsn) return 0;
  for (let i = samples.length - 2; i >= 0; i--)
    if (replay >= samples[i].lsn) return Math.max(0, now - samples[i].at);
  return null;
}

/** Drops samples older than `keepMs`, always keeping the latest. */
export function pruneSamples(samples: LsnSample[], now: number, keepMs: number): void {
  while (samples.length > 1 && samples[0].at < now - keepMs) samples.shift();
}

import { CommitmentStatus } from './cooperation.enums';

/**
 * The life of a commitment: proposed → active → fulfilled, and from proposed
 * or active it may be withdrawn or lapse. Fulfilled, withdrawn and lapsed are final.
 */
export const STATUS_TRANSITIONS: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  [CommitmentStatus.PROPOSED]: [
    CommitmentStatus.ACTIVE,
    CommitmentStatus.WITHDRAWN,
    CommitmentStatus.LAPSED,
  ],
  [CommitmentStatus.ACTIVE]: [
    CommitmentStatus.FULFILLED,
    CommitmentStatus.WITHDRAWN,
    CommitmentStatus.LAPSED,
  ],
  [CommitmentStatus.FULFILLED]: [],
  [CommitmentStatus.WITHDRAWN]: [],
  [CommitmentStatus.LAPSED]: [],
};

/** A commitment is recorded as proposed, or as already active. */
export const INITIAL_STATUSES: readonly CommitmentStatus[] = [
  CommitmentStatus.PROPOSED,
  CommitmentStatus.ACTIVE,
];

export function canMoveTo(from: CommitmentStatus, to: CommitmentStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** Commitments are stored with the smaller project id first, so (A,B) and (B,A) are one pair. */
export function orderedPair(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

/*
 * What the words mean, decided once. Every rule, SQL fragment, figure and field that speaks of
 * commitments uses one of these two lists (docs/graph-queries.md, "What counts as committed").
 */

/**
 * Committed: the two projects have agreed to cooperate, and the agreement stands or was carried
 * out. Cooperation coverage, cooperationGaps and a similar pair's `committed` count these.
 */
export const COMMITTED_STATUSES: readonly CommitmentStatus[] = [
  CommitmentStatus.ACTIVE,
  CommitmentStatus.FULFILLED,
];

/**
 * Linking: a commitment that joins its two projects in the collaboration graph (the COMMITMENT
 * link kind): a proposal or a commitment. Withdrawn and lapsed ones link nothing.
 */
export const LINKING_STATUSES: readonly CommitmentStatus[] = [
  CommitmentStatus.PROPOSED,
  ...COMMITTED_STATUSES,
];

export function isCommitted(status: CommitmentStatus): boolean {
  return COMMITTED_STATUSES.includes(status);
}

export function isLinking(status: CommitmentStatus): boolean {
  return LINKING_STATUSES.includes(status);
}

/** `column IN ('…', …)` for one of the lists above: the statuses are enum members, never input. */
export function statusInSql(column: string, statuses: readonly CommitmentStatus[]): string {
  return `${column} IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
}

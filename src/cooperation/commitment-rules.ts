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

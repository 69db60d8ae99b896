import {
  canMoveTo,
  COMMITTED_STATUSES,
  INITIAL_STATUSES,
  isCommitted,
  isLinking,
  orderedPair,
  statusInSql,
  STATUS_TRANSITIONS,
} from './commitment-rules';
import { CommitmentStatus } from './cooperation.enums';

const ALL = Object.values(CommitmentStatus);

describe('commitment status rules', () => {
  it('follows proposed → active → fulfilled', () => {
    expect(canMoveTo(CommitmentStatus.PROPOSED, CommitmentStatus.ACTIVE)).toBe(true);
    expect(canMoveTo(CommitmentStatus.ACTIVE, CommitmentStatus.FULFILLED)).toBe(true);
    expect(canMoveTo(CommitmentStatus.PROPOSED, CommitmentStatus.FULFILLED)).toBe(false);
  });

  it('lets open commitments be withdrawn or lapse', () => {
    for (const from of [CommitmentStatus.PROPOSED, CommitmentStatus.ACTIVE])
      for (const to of [CommitmentStatus.WITHDRAWN, CommitmentStatus.LAPSED])
        expect(canMoveTo(from, to)).toBe(true);
  });

  it('has final states that lead nowhere, and never a move to the same state', () => {
    for (const s of [
      CommitmentStatus.FULFILLED,
      CommitmentStatus.WITHDRAWN,
      CommitmentStatus.LAPSED,
    ])
      expect(STATUS_TRANSITIONS[s]).toEqual([]);
    for (const s of ALL) expect(canMoveTo(s, s)).toBe(false);
  });

  it('never moves back to proposed', () => {
    for (const s of ALL) expect(canMoveTo(s, CommitmentStatus.PROPOSED)).toBe(false);
  });

  it('starts proposed or active', () => {
    expect([...INITIAL_STATUSES].sort()).toEqual([
      CommitmentStatus.ACTIVE,
      CommitmentStatus.PROPOSED,
    ]);
  });

  it('orders a pair by id', () => {
    expect(orderedPair(9, 3)).toEqual([3, 9]);
    expect(orderedPair(3, 9)).toEqual([3, 9]);
  });
});

describe('what counts as committed', () => {
  it('committed is ACTIVE or FULFILLED; linking adds PROPOSED; ended ones are neither', () => {
    const all = Object.values(CommitmentStatus);
    expect(all.filter(isCommitted).sort()).toEqual(['ACTIVE', 'FULFILLED']);
    expect(all.filter(isLinking).sort()).toEqual(['ACTIVE', 'FULFILLED', 'PROPOSED']);
    for (const s of all) if (isCommitted(s)) expect(isLinking(s)).toBe(true);
  });

  it('renders a status list as SQL', () => {
    expect(statusInSql('c.status', COMMITTED_STATUSES)).toBe("c.status IN ('ACTIVE', 'FULFILLED')");
  });
});

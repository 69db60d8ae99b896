import { ParticipantRole, ProjectStatus } from './project.enums';

/** The state of a project after a change, as the programme rules see it. */
export interface ProjectRuleInput {
  status: ProjectStatus;
  participantCount: number;
  leadCount: number;
  startDate: string | null;
  endDate: string | null;
  /** The override reason given with this change (a stored one does not cover a new end date). */
  deadlineOverrideReason: string | null;
  /** This change sets the end date (a late end date set earlier is left alone). */
  endDateChanged: boolean;
  /** Null where the programme's rule is not known: that rule is then not checked. */
  programme: { minParticipants: number | null; completionDeadline: string | null };
  actorIsAdmin: boolean;
}

export interface RuleBreach {
  rule: string;
  message: string;
  /** The breach is about who may do it, not what: FORBIDDEN rather than RULE_VIOLATION. */
  forbidden?: boolean;
}

/** A project after a change: the facts the rules read, stored or changed, and its participants. */
export interface ProjectState {
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  participants: readonly { role: ParticipantRole }[];
}

/** What the change itself brings to the rules, beside the project after it. */
export interface ChangeFacts {
  /** The override reason given with this change; null when none is. */
  deadlineOverrideReason: string | null;
  endDateChanged: boolean;
  actorIsAdmin: boolean;
}

/**
 * The rule input for a project after a change: the one place it is built, for creating,
 * updating, adding and removing participants, and checking the rows of an import.
 */
export function ruleInput(
  state: ProjectState,
  change: ChangeFacts,
  programme: ProjectRuleInput['programme'],
): ProjectRuleInput {
  return {
    status: state.status,
    participantCount: state.participants.length,
    leadCount: state.participants.filter((q) => q.role === ParticipantRole.LEAD).length,
    startDate: state.startDate,
    endDate: state.endDate,
    deadlineOverrideReason: change.deadlineOverrideReason,
    endDateChanged: change.endDateChanged,
    programme: {
      minParticipants: programme.minParticipants,
      completionDeadline: programme.completionDeadline,
    },
    actorIsAdmin: change.actorIsAdmin,
  };
}

const NEEDS_FULL_TEAM = new Set<ProjectStatus>([ProjectStatus.ACTIVE, ProjectStatus.COMPLETED]);

/** The first programme rule the project breaks, or null. Dates are ISO strings, so they compare as text. */
export function projectRuleBreach(p: ProjectRuleInput): RuleBreach | null {
  if (p.leadCount !== 1)
    return {
      rule: 'ONE_LEAD',
      message: `A project has exactly one LEAD participant, not ${p.leadCount}`,
    };
  if (
    NEEDS_FULL_TEAM.has(p.status) &&
    p.programme.minParticipants !== null &&
    p.participantCount < p.programme.minParticipants
  )
    return {
      rule: 'MIN_PARTICIPANTS',
      message: `A project that is ${p.status} needs at least ${p.programme.minParticipants} participants; it has ${p.participantCount}`,
    };
  if (p.startDate && p.endDate && p.startDate > p.endDate)
    return { rule: 'DATES_ORDERED', message: 'startDate must not be after endDate' };
  if (p.deadlineOverrideReason && !p.actorIsAdmin)
    return {
      rule: 'DEADLINE',
      message: 'Only an administrator may override the completion deadline',
      forbidden: true,
    };
  if (
    p.endDateChanged &&
    p.endDate &&
    p.programme.completionDeadline !== null &&
    p.endDate > p.programme.completionDeadline &&
    !p.deadlineOverrideReason
  )
    return {
      rule: 'DEADLINE',
      message: `endDate ${p.endDate} is after the programme's completion deadline ${p.programme.completionDeadline}; an administrator must give deadlineOverrideReason`,
    };
  return null;
}

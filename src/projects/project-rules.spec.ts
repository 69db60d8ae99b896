import { projectRuleBreach, type ProjectRuleInput, ruleInput } from './project-rules';
import { ParticipantRole, ProjectStatus } from './project.enums';

const base: ProjectRuleInput = {
  status: ProjectStatus.GRANTED,
  participantCount: 1,
  leadCount: 1,
  startDate: '2020-01-01',
  endDate: '2021-06-30',
  deadlineOverrideReason: null,
  endDateChanged: true,
  programme: { minParticipants: 2, completionDeadline: '2021-12-31' },
  actorIsAdmin: false,
};

describe('project rules', () => {
  it('accepts a granted project with only its lead known', () => {
    expect(projectRuleBreach(base)).toBeNull();
  });

  it.each([ProjectStatus.ACTIVE, ProjectStatus.COMPLETED])(
    'needs the minimum participants to be %s',
    (status) => {
      expect(projectRuleBreach({ ...base, status })?.rule).toBe('MIN_PARTICIPANTS');
      expect(projectRuleBreach({ ...base, status, participantCount: 2 })).toBeNull();
    },
  );

  it('does not count participants of a withdrawn project', () => {
    expect(projectRuleBreach({ ...base, status: ProjectStatus.WITHDRAWN })).toBeNull();
  });

  it('needs exactly one lead', () => {
    expect(projectRuleBreach({ ...base, leadCount: 0 })?.rule).toBe('ONE_LEAD');
    expect(projectRuleBreach({ ...base, leadCount: 2 })?.rule).toBe('ONE_LEAD');
  });

  it('orders the dates', () => {
    expect(projectRuleBreach({ ...base, startDate: '2022-01-01' })?.rule).toBe('DATES_ORDERED');
  });

  it('accepts an end date on the deadline day', () => {
    expect(projectRuleBreach({ ...base, endDate: '2021-12-31' })).toBeNull();
  });

  it('needs a reason to pass the deadline, and an administrator to give it', () => {
    const late = { ...base, endDate: '2022-01-01' };
    expect(projectRuleBreach(late)).toMatchObject({ rule: 'DEADLINE' });
    expect(projectRuleBreach(late)?.forbidden).toBeFalsy();
    expect(projectRuleBreach({ ...late, deadlineOverrideReason: 'x' })).toMatchObject({
      rule: 'DEADLINE',
      forbidden: true,
    });
    expect(
      projectRuleBreach({ ...late, deadlineOverrideReason: 'x', actorIsAdmin: true }),
    ).toBeNull();
  });

  it('leaves an existing late end date alone when other fields change', () => {
    expect(projectRuleBreach({ ...base, endDate: '2022-01-01', endDateChanged: false })).toBeNull();
  });
});

describe('the rule input of a change', () => {
  const programme = { minParticipants: 3, completionDeadline: '2021-12-31' };

  it('counts the participants and leads of the project after the change', () => {
    const input = ruleInput(
      {
        status: ProjectStatus.ACTIVE,
        startDate: '2020-01-01',
        endDate: '2021-06-30',
        participants: [
          { role: ParticipantRole.PARTNER },
          { role: ParticipantRole.LEAD },
          { role: ParticipantRole.PARTNER },
        ],
      },
      { deadlineOverrideReason: null, endDateChanged: false, actorIsAdmin: false },
      programme,
    );
    expect(input).toEqual({
      status: ProjectStatus.ACTIVE,
      participantCount: 3,
      leadCount: 1,
      startDate: '2020-01-01',
      endDate: '2021-06-30',
      deadlineOverrideReason: null,
      endDateChanged: false,
      programme,
      actorIsAdmin: false,
    });
    expect(projectRuleBreach(input)).toBeNull();
  });

  it('sees a removal that leaves an active project short of its minimum', () => {
    const input = ruleInput(
      {
        status: ProjectStatus.ACTIVE,
        startDate: null,
        endDate: null,
        participants: [{ role: ParticipantRole.LEAD }, { role: ParticipantRole.PARTNER }],
      },
      { deadlineOverrideReason: null, endDateChanged: false, actorIsAdmin: true },
      programme,
    );
    expect(projectRuleBreach(input)?.rule).toBe('MIN_PARTICIPANTS');
  });

  it('keeps a stored late end date when the change does not set it', () => {
    const state = {
      status: ProjectStatus.GRANTED,
      startDate: '2020-01-01',
      endDate: '2022-06-30',
      participants: [{ role: ParticipantRole.LEAD }],
    };
    const change = { deadlineOverrideReason: null, endDateChanged: false, actorIsAdmin: false };
    expect(projectRuleBreach(ruleInput(state, change, programme))).toBeNull();
    expect(
      projectRuleBreach(ruleInput(state, { ...change, endDateChanged: true }, programme))?.rule,
    ).toBe('DEADLINE');
  });
});

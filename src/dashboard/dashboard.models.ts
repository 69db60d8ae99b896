import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

/**
 * The figures a ministry dashboard reads, for one programme or across all.
 * Each group is a field resolved on its own, so a client pays only for the
 * groups it selects. docs/dashboard.md defines every figure.
 */
@ObjectType({
  description:
    'Programme figures for dashboards: one programme, or every programme (programme: null). Each group is read only when selected: from counters kept in the same transaction as every write, except the similar-pair and reuse figures, which are computed on request (docs/dashboard.md).',
})
export class Dashboard {
  /** A programme id, or 0 for every programme. */
  scope: number;
}

@ObjectType({ description: 'A count under one value of a dimension.' })
export class FigureCount {
  @Field(() => String, {
    nullable: true,
    description:
      'The value: an enum value, topic slug, region code or population class; null where the value is unknown.',
  })
  key: string | null;

  @Field(() => String, { nullable: true, description: 'English name, for topics and regions.' })
  name: string | null;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Applications received against projects granted.' })
export class ApplicationFigures {
  @Field(() => Int, { description: 'Programmes in scope.' })
  programmes: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Applications received, as the programmes published them; null when any programme in scope has not published its figure.',
  })
  applicationsReceived: number | null;

  @Field(() => Int, { description: 'Programmes in scope whose number of applications is unknown.' })
  applicationsUnknown: number;

  @Field(() => Int, { description: 'Projects recorded here (granted projects, any status).' })
  projectsGranted: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Projects granted as the programmes published it; null when any programme in scope has not published it.',
  })
  projectsGrantedPublished: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'projectsGranted ÷ applicationsReceived; null when applications are unknown.',
  })
  grantRate: number | null;
}

@ObjectType({ description: 'Projects by category, status, topic, region and language.' })
export class ProjectFigures {
  @Field(() => Int) total: number;

  @Field(() => Int, {
    description:
      'Projects whose participant list is incomplete: byRegion and byLanguageStatus count only their recorded participants.',
  })
  participantsUnknown: number;

  @Field(() => [FigureCount]) byCategory: FigureCount[];
  @Field(() => [FigureCount]) byStatus: FigureCount[];

  @Field(() => [FigureCount], {
    description: 'A project counts once under each of its topics; most projects first.',
  })
  byTopic: FigureCount[];

  @Field(() => Int) withoutTopic: number;

  @Field(() => [FigureCount], {
    description: 'A project counts once under each region of its recorded participants.',
  })
  byRegion: FigureCount[];

  @Field(() => [FigureCount], {
    description:
      'A project counts once under each language status of its recorded participating municipalities.',
  })
  byLanguageStatus: FigureCount[];
}

@ObjectType({ description: 'How many projects have this many recorded participants.' })
export class ParticipantBucket {
  @Field(() => Int) participants: number;
  @Field(() => Int) projects: number;
}

@ObjectType({ description: 'Participating organisations and participants per project.' })
export class ParticipationFigures {
  @Field(() => Int, { description: 'Recorded participations (project, organisation).' })
  participations: number;

  @Field(() => Int, { description: 'Distinct organisations taking part in a project in scope.' })
  organisations: number;

  @Field(() => Int) municipalities: number;
  @Field(() => Int) jointAuthorities: number;

  @Field(() => Int, { description: 'Projects whose participant list is complete.' })
  projectsWithKnownParticipants: number;

  @Field(() => Int, {
    description: 'Projects whose list is incomplete (often only the lead is known).',
  })
  projectsWithUnknownParticipants: number;

  @Field(() => [ParticipantBucket], {
    description: 'Projects with a complete list, by their number of participants.',
  })
  participantsPerProject: ParticipantBucket[];

  @Field(() => [ParticipantBucket], {
    description:
      'Projects with an incomplete list, by the number recorded so far (a lower bound of the real number).',
  })
  recordedParticipantsPerIncompleteProject: ParticipantBucket[];

  @Field(() => Float, {
    nullable: true,
    description: 'Mean participants of projects with a complete list; null when there are none.',
  })
  meanParticipants: number | null;
}

@ObjectType({ description: 'Grant amounts: sums and means of the known amounts only.' })
export class GrantFigures {
  @Field(() => Int) projects: number;
  @Field(() => Int, { description: 'Projects whose grant amount is known.' }) known: number;
  @Field(() => Int, { description: 'Projects whose grant amount is unknown (never counted as 0).' })
  unknown: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Sum of the known amounts, EUR; null when none is known. Not the programme total unless unknown = 0.',
  })
  knownTotalEur: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the known amounts, EUR.' })
  meanEur: number | null;

  @Field(() => Float, { nullable: true }) minEur: number | null;
  @Field(() => Float, { nullable: true }) maxEur: number | null;

  @Field(() => Int, { description: 'Known amounts that the source gives as "at most".' })
  maximumOnly: number;

  @Field({ description: 'True when every amount in scope is known.' })
  complete: boolean;
}

@ObjectType({
  description:
    'Cooperation coverage (similar pairs with an active commitment) and commitments by kind, status and provenance.',
})
export class CooperationFigures {
  @Field(() => Float, { description: 'The similarity threshold used.' }) threshold: number;

  @Field({
    description:
      'False when a programme in scope is too large to score its pairs within a request; the pair figures are then null.',
  })
  pairsComputed: boolean;

  @Field(() => Int, {
    description: 'Programmes in scope whose pairs were not scored (see pairsComputed).',
  })
  programmesNotComputed: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Pairs of projects of the same programme sharing a topic with a score at or above threshold.',
  })
  similarPairs: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Similar pairs with an ACTIVE or FULFILLED commitment.',
  })
  committedPairs: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'committedPairs ÷ similarPairs; null when there are no similar pairs or they were not scored.',
  })
  coverage: number | null;

  @Field(() => Int, { description: 'Commitments with a project in scope.' }) commitments: number;
  @Field(() => [FigureCount]) byKind: FigureCount[];
  @Field(() => [FigureCount]) byStatus: FigureCount[];
  @Field(() => [FigureCount]) byProvenance: FigureCount[];
}

@ObjectType({
  description: 'Projects out of compliance, judged as cooperationGaps judges them.',
})
export class ComplianceFigures {
  @Field({ description: 'ISO date deadlines were judged against.' }) asOf: string;
  @Field(() => Float) threshold: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Projects breaking at least one rule: too few participants, recorded ACTIVE after the deadline (NOT_COMPLETED), or in an uncommitted similar pair; null when the pairs were not scored (see atLeastOutOfCompliance). A project whose completion is simply not recorded (NO_COMPLETION_RECORDED) is not counted here but in completionNotRecorded.',
  })
  outOfCompliance: number | null;

  @Field(() => Int, {
    description:
      'Projects past their deadline with only the grant recorded (NO_COMPLETION_RECORDED) that break no other rule: they may well be completed, so they are not counted as out of compliance. outOfCompliance + completionNotRecorded = projects with any finding.',
  })
  completionNotRecorded: number;

  @Field(() => Int, {
    description: 'Projects breaking a rule that could be judged: a lower bound of outOfCompliance.',
  })
  atLeastOutOfCompliance: number;

  @Field(() => Int, { description: 'Known participant list shorter than minParticipants.' })
  tooFewParticipants: number;

  @Field(() => Int, {
    description: 'Participant list incomplete: the participant rule cannot be judged.',
  })
  participantsUnknown: number;

  @Field(() => Int, {
    description:
      'Projects past their deadline and not recorded as completed or withdrawn: overdueNotCompleted + overdueNoCompletionRecorded.',
  })
  overdue: number;

  @Field(() => Int, { description: 'Overdue and recorded as ACTIVE (NOT_COMPLETED).' })
  overdueNotCompleted: number;

  @Field(() => Int, {
    description: 'Overdue with only the grant recorded (NO_COMPLETION_RECORDED).',
  })
  overdueNoCompletionRecorded: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Projects in a similar pair without an active commitment; null when not scored.',
  })
  inUncommittedSimilarPairs: number | null;

  @Field({ description: 'False when a programme in scope was too large to score its pairs.' })
  pairsComputed: boolean;
}

@ObjectType({
  description: 'Municipalities reached and not reached under one value of a dimension.',
})
export class EquityBucket {
  @Field(() => String, {
    nullable: true,
    description: 'Region code, language status or population class; null = unknown.',
  })
  key: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The region's English name in byRegion; null in the other lists and in total.",
  })
  name: string | null;

  @Field(() => Int) municipalities: number;
  @Field(() => Int, { description: 'Taking part in at least one project in scope.' })
  reached: number;
  @Field(() => Int, { description: 'Not recorded as taking part in any project in scope.' })
  notReached: number;

  @Field(() => Float, { description: 'Population 31.12.2019 of the municipalities with a figure.' })
  population: number;

  @Field(() => Float, { description: 'Population of the reached municipalities with a figure.' })
  populationCovered: number;

  @Field(() => Int, { description: 'Municipalities without a published population figure.' })
  populationUnknown: number;
}

@ObjectType({
  description:
    'Municipalities reached and not reached, by region, language status and population class.',
})
export class EquityFigures {
  @Field(() => EquityBucket) total: EquityBucket;
  @Field(() => [EquityBucket]) byRegion: EquityBucket[];
  @Field(() => [EquityBucket]) byLanguageStatus: EquityBucket[];

  @Field(() => [EquityBucket], {
    description:
      'Classes of population 31.12.2019, smallest first: UNDER_2000, 2000_4999, 5000_9999, 10000_19999, 20000_49999, 50000_99999, 100000_AND_OVER, then null = no figure.',
  })
  byPopulationClass: EquityBucket[];

  @Field({
    description:
      'False when a project in scope has an incomplete participant list: "not reached" then means "not recorded as reached".',
  })
  complete: boolean;
}

@ObjectType({ description: 'An output that projects build on, and who reuses it.' })
export class ReusedOutput {
  sourceProjectId: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name or URL of the output when it is not a project here.',
  })
  sourceOutput: string | null;

  @Field(() => Int, { description: 'Reuse links to it from projects in scope.' }) links: number;
  @Field(() => Int, { description: 'Projects in scope that reuse it.' }) projects: number;
  @Field(() => Int, {
    description: 'Distinct recorded participants of those projects.',
  })
  organisations: number;
}

@ObjectType({ description: "Reuse: what the scope's projects build on." })
export class ReuseFigures {
  @Field(() => Int, { description: 'Reuse links of projects in scope.' }) links: number;
  @Field(() => Int, { description: 'Projects in scope with at least one reuse link.' })
  projectsReusing: number;
  @Field(() => Int, { description: 'Distinct outputs reused (a project here or a named output).' })
  outputs: number;
  @Field(() => [ReusedOutput], {
    description: 'The most reused outputs, by organisations then links; at most `first`.',
  })
  mostReused: ReusedOutput[];
}

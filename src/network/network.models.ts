import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination';
import { LinkKind } from './sql/organisation-edges.sql';

export { LinkKind };

registerEnumType(LinkKind, {
  name: 'LinkKind',
  description: 'How two organisations are linked in the collaboration network.',
  valuesMap: {
    PROJECT: { description: 'Both take part in the same project.' },
    COMMITMENT: {
      description:
        'Their projects have a live cooperation commitment (proposed, active or fulfilled).',
    },
    REUSE: { description: 'One of their projects builds on the other (a reuse link).' },
    MEMBERSHIP: { description: 'A joint authority and one of its member municipalities.' },
  },
});

export enum GraphEngine {
  INDEX = 'INDEX',
  SQL = 'SQL',
}
registerEnumType(GraphEngine, {
  name: 'GraphEngine',
  description: 'What answered a graph query (docs/graph-queries.md).',
  valuesMap: {
    INDEX: {
      description: "The server's in-memory graph index, kept current from the change feed.",
    },
    SQL: { description: 'The SQL engine, reading the committed data of the moment.' },
  },
});

/**
 * What every graph answer says about the data it rests on: whether the
 * projects it read have complete participant lists, and which data version
 * it reflects. Values may be promises (computed only when selected).
 */
@ObjectType({ isAbstract: true })
export abstract class GraphAnswer {
  @Field(() => Boolean, {
    description:
      'True when every project this answer rests on has a complete participant list. False: organisations or links may be missing, so an empty or short answer does not mean there are none (see incompleteProjectCount).',
  })
  complete: boolean | Promise<boolean>;

  @Field(() => Int, {
    description:
      'How many of the projects this answer rests on have incomplete (unknown or partly known) participant lists.',
  })
  incompleteProjectCount: number | Promise<number>;

  @Field(() => Date, {
    description:
      'The data version the answer reflects: for the graph index, when it last read the database (its build, or the last change applied); for SQL, the time of the query.',
  })
  asOf: Date;

  @Field(() => GraphEngine) engine: GraphEngine;
}

/** One hop of a path, oriented along the path: from the previous organisation to the next. */
@ObjectType({ description: 'One hop between two organisations, and what links them.' })
export class NetworkLink {
  @Field(() => LinkKind)
  kind: LinkKind;

  /** Project, commitment, reuse link or joint authority id, by kind. */
  viaId: number;
  /** The previous organisation's project (COMMITMENT, REUSE; the shared project for PROJECT). */
  fromProjectId: number | null;
  /** The next organisation's project. */
  toProjectId: number | null;
}

@ObjectType({ description: 'A path alternating organisations and the links between them.' })
export class NetworkPath {
  organisationIds: number[];

  @Field(() => [NetworkLink], {
    description: '`links[i]` joins `organisations[i]` and `organisations[i + 1]`.',
  })
  links: NetworkLink[];

  @Field(() => Int, { description: 'Number of links.' })
  get length(): number {
    return this.links.length;
  }
}

@ObjectType({
  description:
    'An organisation reached from the start, with how far and by how many shortest routes.',
})
export class PartnerReach {
  organisationId: number;

  @Field(() => Int, {
    description: 'Links on a shortest path from the start (1 = direct partner).',
  })
  distance: number;

  @Field(() => Float, {
    description:
      'Number of distinct shortest paths (each shared project or commitment is its own route).',
  })
  shortestPathCount: number;

  /** Set by the service; computed for the whole page on first use. */
  examplePaths: () => Promise<NetworkPath[]>;
}

@ObjectType('PartnerReachEdge')
export class PartnerReachEdge {
  @Field() cursor: string;
  @Field(() => PartnerReach) node: PartnerReach;
}

@ObjectType('PartnerReachConnection', {
  description:
    'Organisations reached from the start, a page at a time, and what the whole answer (to maxDepth) rests on.',
})
export class PartnerReachConnection extends GraphAnswer {
  @Field(() => [PartnerReachEdge]) edges: PartnerReachEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'Organisations reached within maxDepth, ignoring the page.' })
  totalCount: Promise<number>;
}

@ObjectType({
  description: 'A shortest path between two organisations, or the reason there is none.',
})
export class CollaborationPathResult extends GraphAnswer {
  @Field(() => NetworkPath, {
    nullable: true,
    description: 'Null when no path exists within maxDepth.',
  })
  path: NetworkPath | null;

  @Field(() => Int, { nullable: true })
  distance: number | null;

  @Field(() => String, { nullable: true, description: 'Why path is null.' })
  reason: string | null;
}

@ObjectType({
  description: 'A project similar to the one asked about, with its score and its parts.',
})
export class SimilarProject {
  subjectId: number;
  projectId: number;

  @Field(() => Float, {
    description: '0.7 × topicScore + 0.3 × textScore (docs/graph-queries.md).',
  })
  score: number;

  @Field(() => Float, { description: 'Weighted Jaccard of the topic sets, 0–1.' })
  topicScore: number;

  @Field(() => Float, { description: 'Trigram similarity of the Swedish titles, 0–1.' })
  textScore: number;
}

@ObjectType({
  description: 'A topic both sides work on, with the projects on each side that carry it.',
})
export class SharedTopic {
  topicId: number;
  projectIdsA: number[];
  projectIdsB: number[];
}

@ObjectType({
  description:
    'The topics two sides share, and whether the project lists of organisation sides are complete.',
})
export class TopicOverlap extends GraphAnswer {
  @Field(() => [SharedTopic]) topics: SharedTopic[];
}

@ObjectType({
  description: 'Two similar projects of a programme with no active or fulfilled commitment.',
})
export class SimilarPair {
  projectAId: number;
  projectBId: number;
  @Field(() => Float) score: number;
  @Field(() => Float) topicScore: number;
  @Field(() => Float) textScore: number;
}

@ObjectType({ description: 'A project with fewer known participants than its programme requires.' })
export class ParticipationGap {
  projectId: number;
  @Field(() => Int) participants: number;
  @Field(() => Int) required: number;
}

export enum OverdueReason {
  NOT_COMPLETED = 'NOT_COMPLETED',
  NO_COMPLETION_RECORDED = 'NO_COMPLETION_RECORDED',
}
registerEnumType(OverdueReason, {
  name: 'OverdueReason',
  valuesMap: {
    NOT_COMPLETED: { description: 'Recorded as active after its deadline.' },
    NO_COMPLETION_RECORDED: {
      description: 'Only the grant is recorded: the project may well have been completed.',
    },
  },
});

@ObjectType({
  description: 'A project past its deadline that is not recorded as completed or withdrawn.',
})
export class OverdueProject {
  projectId: number;
  @Field({ description: 'ISO date: its end date, or the programme deadline when it has none.' })
  deadline: string;
  @Field(() => OverdueReason) reason: OverdueReason;
}

@ObjectType({ description: "The compliance view of a programme's cooperation duty and rules." })
export class CooperationGaps {
  programmeId: number;

  @Field(() => [SimilarPair], { description: 'Best first, at most `first`.' })
  similarPairs: SimilarPair[];

  @Field(() => Int, { description: 'All such pairs, not only the ones listed.' })
  similarPairCount: number;

  @Field(() => [ParticipationGap], {
    description: 'Only projects whose participant list is known.',
  })
  tooFewParticipants: ParticipationGap[];

  /** Projects whose participant list is not known: the rule cannot be judged for them. */
  unknownParticipantIds: number[];

  @Field(() => [OverdueProject])
  overdue: OverdueProject[];
}

@ObjectType({ description: 'Why an organisation is recommended.' })
export class PartnerReasons {
  sharedTopicIds: number[];

  @Field(() => Int, {
    nullable: true,
    description: 'Links from the subject (2 or 3), null when farther.',
  })
  distance: number | null;

  @Field(() => NetworkPath, {
    nullable: true,
    description: 'A shortest path from the subject, when within 3 links.',
  })
  path: NetworkPath | null;

  @Field({ description: 'In the same region as a subject organisation.' }) sameRegion: boolean;
  @Field({ description: 'Same language status as a subject organisation.' }) sameLanguage: boolean;
}

@ObjectType({ description: 'An organisation that is not yet a partner, ranked with its reasons.' })
export class RecommendedPartner {
  organisationId: number;

  @Field(() => Float, {
    description:
      '0.5 × shared-topic share + 0.25 × closeness (distance 2: 1, 3: 0.5) + 0.15 × same region + 0.1 × same language.',
  })
  score: number;

  @Field(() => PartnerReasons) reasons: PartnerReasons;
}

@ObjectType({
  description:
    'Recommended partners, and what the recommendation rests on: the subject’s projects and the organisations searched.',
})
export class PartnerRecommendations extends GraphAnswer {
  @Field(() => [RecommendedPartner], { description: 'Best first.' })
  partners: RecommendedPartner[];
}

export enum PriorRelation {
  EARLIER = 'EARLIER',
  PARALLEL = 'PARALLEL',
}
registerEnumType(PriorRelation, {
  name: 'PriorRelation',
  valuesMap: {
    EARLIER: { description: 'Finished, or in an earlier programme, before this project started.' },
    PARALLEL: { description: 'Running at the same time, or in the same programme.' },
  },
});

@ObjectType({
  description: 'An earlier or parallel project of other organisations on the same topics.',
})
export class PriorProject {
  subjectId: number;
  projectId: number;
  @Field(() => PriorRelation) relation: PriorRelation;
  @Field(() => Float, { description: 'The similarity score of similarProjects.' }) score: number;
}

@ObjectType({
  description:
    'What a project can build on: its recorded reuse links and related earlier or parallel work.',
})
export class PriorWork extends GraphAnswer {
  projectId: number;
  @Field(() => [PriorProject], { description: 'Best first.' }) projects: PriorProject[];
}

@ObjectType({ description: 'An organisation in the drawn network.' })
export class NetworkNode {
  organisationId: number;
  @Field(() => Int, { description: 'Number of distinct neighbours in this network.' })
  degree: number;
  @Field(() => Int, {
    description: 'Connected component, numbered from 0 by size (largest first).',
  })
  componentId: number;
  /** The network's betweenness, computed on first call: only when a broker score is read. */
  betweenness: () => Map<number, number>;
  @Field(() => Float, {
    description:
      'Betweenness centrality (normalised 0–1); exact up to 500 nodes, sampled from 200 sources above. Computed only when selected.',
  })
  get brokerScore(): number {
    return this.betweenness().get(this.organisationId) ?? 0;
  }
}

@ObjectType({ description: 'Two organisations linked in the drawn network.' })
export class NetworkEdge {
  sourceId: number;
  targetId: number;
  @Field(() => Int, {
    description: 'Number of links (shared projects, commitments, reuse links, memberships).',
  })
  weight: number;
  @Field(() => [LinkKind]) kinds: LinkKind[];
}

@ObjectType({ description: 'Organisations and their links, for drawing.' })
export class NetworkView extends GraphAnswer {
  @Field(() => [NetworkNode]) nodes: NetworkNode[];
  @Field(() => [NetworkEdge]) edges: NetworkEdge[];
  @Field(() => Int) componentCount: number;

  // At 5,000 nodes a network has ~100,000 edges: as objects with two organisations each they
  // are ~14 MiB of JSON and most of the query's time; as plain integers ~1 MiB.
  @Field(() => [Int], {
    description:
      'The edges compactly, for drawing large networks: edge i joins nodes[edgeEnds[2i]] and nodes[edgeEnds[2i + 1]] (positions in `nodes`), in the order of `edges`.',
  })
  get edgeEnds(): number[] {
    const position = new Map(this.nodes.map((n, i) => [n.organisationId, i]));
    const ends: number[] = [];
    for (const e of this.edges) ends.push(position.get(e.sourceId)!, position.get(e.targetId)!);
    return ends;
  }

  @Field(() => [Int], { description: 'The weight of each edge, in the order of `edges`.' })
  get edgeWeights(): number[] {
    return this.edges.map((e) => e.weight);
  }
}

/** Plain enums (no framework imports), shared by entities and the GraphQL schema. */
export enum CommitmentKind {
  KNOWLEDGE_SHARING = 'KNOWLEDGE_SHARING',
  JOINT_DEVELOPMENT = 'JOINT_DEVELOPMENT',
  REUSE_OF_RESULTS = 'REUSE_OF_RESULTS',
  JOINT_PROCUREMENT = 'JOINT_PROCUREMENT',
}

export enum CommitmentStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  FULFILLED = 'FULFILLED',
  WITHDRAWN = 'WITHDRAWN',
  LAPSED = 'LAPSED',
}

export enum CommitmentProvenance {
  /** Recorded by a municipal coordinator. */
  DECLARED = 'DECLARED',
  /** Recorded or checked by a ministry administrator. */
  VERIFIED = 'VERIFIED',
  /** Derived from a source document, not stated by the projects. */
  INFERRED = 'INFERRED',
}

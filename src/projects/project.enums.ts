/** Plain enums (no framework imports), shared by entities, the GraphQL schema and the dataset reader. */
export enum ProjectCategory {
  /** Electronic services, electronic communication and participation. */
  E_SERVICES = 'E_SERVICES',
  OTHER = 'OTHER',
  /** The programme's published list has no categories (the rounds after 2019). */
  UNCATEGORISED = 'UNCATEGORISED',
}

export enum ProjectStatus {
  GRANTED = 'GRANTED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ParticipantRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
}

/** Plain enums (no framework imports), shared by entities, the GraphQL schema and the dataset reader. */
export enum ProjectCategory {
  /** Electronic services, electronic communication and participation. */
  E_SERVICES = 'E_SERVICES',
  OTHER = 'OTHER',
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

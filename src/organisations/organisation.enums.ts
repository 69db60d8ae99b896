/** Plain enums (no framework imports), shared by entities, the GraphQL schema and the dataset reader. */
export enum OrganisationKind {
  MUNICIPALITY = 'MUNICIPALITY',
  JOINT_AUTHORITY = 'JOINT_AUTHORITY',
}

/** Language status of a municipality (Statistics Finland, language_code 0–3). */
export enum LanguageStatus {
  FINNISH = 'FINNISH',
  BILINGUAL_FINNISH_MAJORITY = 'BILINGUAL_FINNISH_MAJORITY',
  SWEDISH = 'SWEDISH',
  BILINGUAL_SWEDISH_MAJORITY = 'BILINGUAL_SWEDISH_MAJORITY',
}

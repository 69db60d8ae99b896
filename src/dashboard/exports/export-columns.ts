import { toGlobalId } from '../../common/global-id';
import type { Organisation } from '../../organisations/organisation.entity';
import type { Column } from './csv';
import type { CommitmentRow, ParticipantRow, ProjectRow } from './exports.service';
import type { GraphEdgeRow, GraphNodeRow } from './graph-xml';

/*
 * The columns of every CSV export, in order. Ids are the API's global ids, so
 * a row can be looked up with node(id). Names and labels come in Finnish and
 * Swedish wherever the data has both (organisations, regions, programmes,
 * topics; project titles in Swedish, Finnish and English as far as known).
 * Category, status, role and kind are the API's enum values: the data model
 * has no Finnish or Swedish labels for them, and none are made up here.
 * Unknown values are empty cells; booleans are true/false, dates ISO 8601.
 */

export const organisationGlobalId = (o: Organisation) =>
  toGlobalId(o.kind === 'MUNICIPALITY' ? 'Municipality' : 'JointAuthority', o.id);

// Several values in one cell; no name in the taxonomy contains it.
const LIST_SEPARATOR = '; ';

export const PROJECT_COLUMNS: Column<ProjectRow>[] = [
  { header: 'id', value: (r) => toGlobalId('Project', r.project.id) },
  { header: 'programme_code', value: (r) => r.programme?.code ?? null },
  { header: 'programme_name_fi', value: (r) => r.programme?.nameFi ?? null },
  { header: 'programme_name_sv', value: (r) => r.programme?.nameSv ?? null },
  { header: 'category', value: (r) => r.project.category },
  { header: 'list_position', value: (r) => r.project.listPosition },
  { header: 'title_sv', value: (r) => r.project.titleSv },
  { header: 'title_fi', value: (r) => r.project.titleFi },
  { header: 'title_en', value: (r) => r.project.titleEn },
  { header: 'status', value: (r) => r.project.status },
  { header: 'start_date', value: (r) => r.project.startDate },
  { header: 'end_date', value: (r) => r.project.endDate },
  { header: 'grant_eur', value: (r) => r.project.grantEur },
  { header: 'grant_known', value: (r) => r.project.grantEur !== null },
  { header: 'grant_is_maximum', value: (r) => r.project.grantIsMaximum },
  { header: 'participants_known', value: (r) => r.project.participantsKnown },
  { header: 'known_participant_count', value: (r) => r.participants.length },
  { header: 'lead_id', value: (r) => (r.lead ? organisationGlobalId(r.lead) : null) },
  { header: 'lead_name_fi', value: (r) => r.lead?.nameFi ?? null },
  { header: 'lead_name_sv', value: (r) => r.lead?.nameSv ?? null },
  { header: 'topics', value: (r) => r.topics.map((t) => t.slug).join(LIST_SEPARATOR) },
  { header: 'topic_names_fi', value: (r) => r.topics.map((t) => t.nameFi).join(LIST_SEPARATOR) },
  { header: 'topic_names_sv', value: (r) => r.topics.map((t) => t.nameSv).join(LIST_SEPARATOR) },
  { header: 'synthetic', value: (r) => r.project.synthetic },
];

export const PARTICIPANT_COLUMNS: Column<ParticipantRow>[] = [
  { header: 'project_id', value: (r) => toGlobalId('Project', r.project.id) },
  { header: 'project_title_sv', value: (r) => r.project.titleSv },
  { header: 'project_title_fi', value: (r) => r.project.titleFi },
  // False: the project's list of participants is incomplete (often just the lead).
  { header: 'project_participants_known', value: (r) => r.project.participantsKnown },
  { header: 'organisation_id', value: (r) => organisationGlobalId(r.organisation) },
  { header: 'organisation_kind', value: (r) => r.organisation.kind },
  { header: 'organisation_code', value: (r) => r.organisation.code },
  { header: 'name_fi', value: (r) => r.organisation.nameFi },
  { header: 'name_sv', value: (r) => r.organisation.nameSv },
  { header: 'region_code', value: (r) => r.organisation.regionCode },
  { header: 'region_name_fi', value: (r) => r.region?.nameFi ?? null },
  { header: 'region_name_sv', value: (r) => r.region?.nameSv ?? null },
  { header: 'role', value: (r) => r.participation.role },
  { header: 'source_key', value: (r) => r.participation.sourceKey },
];

export const COMMITMENT_COLUMNS: Column<CommitmentRow>[] = [
  { header: 'id', value: (r) => toGlobalId('CooperationCommitment', r.commitment.id) },
  { header: 'project_a_id', value: (r) => toGlobalId('Project', r.commitment.projectAId) },
  { header: 'project_a_title_sv', value: (r) => r.projectA?.titleSv ?? null },
  { header: 'project_a_title_fi', value: (r) => r.projectA?.titleFi ?? null },
  { header: 'project_b_id', value: (r) => toGlobalId('Project', r.commitment.projectBId) },
  { header: 'project_b_title_sv', value: (r) => r.projectB?.titleSv ?? null },
  { header: 'project_b_title_fi', value: (r) => r.projectB?.titleFi ?? null },
  { header: 'kind', value: (r) => r.commitment.kind },
  { header: 'status', value: (r) => r.commitment.status },
  { header: 'provenance', value: (r) => r.commitment.provenance },
  { header: 'committed_on', value: (r) => r.commitment.committedOn },
  { header: 'verified_at', value: (r) => r.commitment.verifiedAt },
  { header: 'note', value: (r) => r.commitment.note },
  { header: 'evidence_url', value: (r) => r.commitment.evidenceUrl },
  { header: 'created_at', value: (r) => r.commitment.createdAt },
  { header: 'updated_at', value: (r) => r.commitment.updatedAt },
];

export const NETWORK_NODE_COLUMNS: Column<GraphNodeRow>[] = [
  { header: 'id', value: (n) => n.id },
  { header: 'kind', value: (n) => n.kind },
  { header: 'code', value: (n) => n.code },
  { header: 'name_fi', value: (n) => n.nameFi },
  { header: 'name_sv', value: (n) => n.nameSv },
  { header: 'region_code', value: (n) => n.regionCode },
  { header: 'degree', value: (n) => n.degree },
  { header: 'component', value: (n) => n.component },
  { header: 'broker_score', value: (n) => n.brokerScore },
];

/** Edge columns; the names of both ends are looked up among the file's nodes. */
export function networkEdgeColumns(nodes: Map<string, GraphNodeRow>): Column<GraphEdgeRow>[] {
  return [
    { header: 'source', value: (e) => e.source },
    { header: 'source_name_fi', value: (e) => nodes.get(e.source)?.nameFi ?? null },
    { header: 'source_name_sv', value: (e) => nodes.get(e.source)?.nameSv ?? null },
    { header: 'target', value: (e) => e.target },
    { header: 'target_name_fi', value: (e) => nodes.get(e.target)?.nameFi ?? null },
    { header: 'target_name_sv', value: (e) => nodes.get(e.target)?.nameSv ?? null },
    { header: 'weight', value: (e) => e.weight },
    { header: 'kinds', value: (e) => e.kinds.join(' ') },
  ];
}

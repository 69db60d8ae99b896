import { isNodeType, type NodeType, toGlobalId } from '../common/global-id';

/** Organisations are municipalities or joint authorities; their global ids say which. */
export type OrganisationTypes = ReadonlyMap<number, 'Municipality' | 'JointAuthority'>;

// Internal reference properties and the API field that shows the same thing.
const ONE: Record<string, { name: string; type: NodeType }> = {
  programmeId: { name: 'programme', type: 'Programme' },
  projectId: { name: 'project', type: 'Project' },
  sourceProjectId: { name: 'sourceProject', type: 'Project' },
  commitmentId: { name: 'commitment', type: 'CooperationCommitment' },
};
const MANY: Record<string, { name: string; type: NodeType }> = {
  topicIds: { name: 'topics', type: 'Topic' },
  memberIds: { name: 'members', type: 'Municipality' },
  municipalityIds: { name: 'municipalities', type: 'Municipality' },
};
const ORGANISATION: Record<string, string> = {
  organisationId: 'organisation',
  mergedIntoId: 'mergedInto',
};

type Json = Record<string, unknown>;

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Organisation ids in an audit snapshot, whose kind its API view needs. */
export function organisationIdsIn(json: Json | null): number[] {
  if (!json) return [];
  const ids: number[] = [];
  for (const [k, v] of Object.entries(json)) {
    if (k in ORGANISATION && isId(v)) ids.push(v);
    if (k === 'participants' && Array.isArray(v))
      for (const p of v as Json[]) if (isId(p?.organisationId)) ids.push(p.organisationId);
  }
  return ids;
}

/**
 * An audit snapshot as the API shows the object (docs/write-path.md): global
 * ids instead of database ids, under the API's field names: `programmeId: 1`
 * is `programme: "UHJvZ3JhbW1lOjE"`, `projectAId`/`projectBId` are `projects`,
 * participants name their `organisation`. Other properties are kept as they are.
 */
export function apiView(
  entityType: string,
  json: Json | null,
  orgs: OrganisationTypes,
): Json | null {
  if (!json) return json;
  const org = (id: number) => toGlobalId(orgs.get(id) ?? 'Municipality', id);
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === 'id' && isId(v) && isNodeType(entityType)) out.id = toGlobalId(entityType, v);
    else if (k in ONE && (isId(v) || v === null))
      out[ONE[k].name] = v === null ? null : toGlobalId(ONE[k].type, v);
    else if (k in MANY && Array.isArray(v))
      out[MANY[k].name] = (v as unknown[]).map((id) =>
        isId(id) ? toGlobalId(MANY[k].type, id) : id,
      );
    else if (k in ORGANISATION && (isId(v) || v === null))
      out[ORGANISATION[k]] = v === null ? null : org(v);
    else if (k === 'projectAId' || k === 'projectBId') {
      const a = json.projectAId;
      const b = json.projectBId;
      if (k === 'projectAId')
        out.projects = [a, b].filter(isId).map((id) => toGlobalId('Project', id));
    } else if (k === 'participants' && Array.isArray(v))
      out.participants = (v as Json[]).map((p) => {
        const { organisationId, ...rest } = p ?? {};
        return isId(organisationId) ? { organisation: org(organisationId), ...rest } : p;
      });
    else out[k] = v;
  }
  return out;
}

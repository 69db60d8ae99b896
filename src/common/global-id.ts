import { BadInputError } from './errors';

/** The node types that `node(id)` can resolve. */
export type NodeType =
  | 'Municipality'
  | 'JointAuthority'
  | 'Programme'
  | 'Project'
  | 'Topic'
  | 'CooperationCommitment'
  | 'ReuseLink';

const TYPES = new Set<NodeType>([
  'Municipality',
  'JointAuthority',
  'Programme',
  'Project',
  'Topic',
  'CooperationCommitment',
  'ReuseLink',
]);

/** Opaque global ids: base64url of "Type:databaseId". Clients must not parse them. */
/** Whether a type name (an audit row's entityType, say) is one that has global ids. */
export function isNodeType(type: string): type is NodeType {
  return TYPES.has(type as NodeType);
}

export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string, argument = 'id'): { type: NodeType; id: number } {
  // A null that reached here (an explicit null for an optional id) is a bad id, not a crash.
  if (typeof globalId !== 'string') throw new BadInputError(argument, 'is not a valid id');
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(decoded);
  if (!match || !TYPES.has(match[1] as NodeType) || Number(match[2]) > 2147483647) {
    throw new BadInputError(argument, 'is not a valid id');
  }
  return { type: match[1] as NodeType, id: Number(match[2]) };
}

/** Decodes an id that must be of the given type(s). */
export function expectGlobalId(globalId: string, types: NodeType[], argument = 'id'): number {
  const { type, id } = fromGlobalId(globalId, argument);
  if (!types.includes(type))
    throw new BadInputError(argument, `must be the id of a ${types.join(' or ')}`);
  return id;
}

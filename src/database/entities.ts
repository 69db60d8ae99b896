import { AuditEvent, IdempotencyRecord } from '../audit/audit-event.entity';
import { ApiToken, ApiTokenMunicipality } from '../auth/api-token.entity';
import { Source } from '../sources/source.entity';
import {
  CommitmentStatusChange,
  CooperationCommitment,
  ReuseLink,
} from '../cooperation/cooperation-commitment.entity';
import { ChangeOutbox } from '../live/change-outbox.entity';
import { Region } from '../organisations/region.entity';
import { JointAuthorityMember, Organisation } from '../organisations/organisation.entity';
import { ProjectOutput } from '../outputs/project-output.entity';
import { Programme } from '../programmes/programme.entity';
import { Participation, Project, ProjectTopic } from '../projects/project.entity';
import { Topic } from '../topics/topic.entity';

export const ENTITIES = [
  Source,
  Region,
  Organisation,
  JointAuthorityMember,
  Programme,
  Topic,
  Project,
  Participation,
  ProjectTopic,
  ProjectOutput,
  CooperationCommitment,
  ReuseLink,
  CommitmentStatusChange,
  ApiToken,
  ApiTokenMunicipality,
  AuditEvent,
  IdempotencyRecord,
  ChangeOutbox,
];

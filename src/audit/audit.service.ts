import { Injectable } from '@nestjs/common';
import { BadInputError } from '../common/errors';
import { fromGlobalId } from '../common/global-id';
import { type ConnectionArgs, ConnectionShape, keysetConnection } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';
import { AuditRepository, type AuditTrailFilter } from './audit.repository';

/** Reading the audit trail (writing it is MutationRunner's). */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Oldest first, by object (a global id), by token, or both. */
  trail(
    args: ConnectionArgs & { entity?: string; actorTokenId?: number },
  ): Promise<ConnectionShape<AuditEvent>> {
    const filter: AuditTrailFilter = {
      entity: args.entity ? fromGlobalId(args.entity, 'entity') : null,
      actorTokenId: args.actorTokenId ?? null,
    };
    return keysetConnection(
      args,
      'string',
      (e: AuditEvent) => e.id,
      (page) => {
        // Ids are bigints; a cursor that names anything else is the client's mistake.
        for (const [argument, key] of [
          ['after', page.after],
          ['before', page.before],
        ] as const)
          if (key !== null && !/^[0-9]{1,18}$/.test(key))
            throw new BadInputError(argument, 'is not a valid cursor');
        return this.repository.readTrailPage(filter, page);
      },
      () => this.repository.readTrailCount(filter),
    );
  }
}

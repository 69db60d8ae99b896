import { Injectable } from '@nestjs/common';
import { BadInputError, NotFoundError } from '../common/errors';
import { expectGlobalId, fromGlobalId, toGlobalId } from '../common/global-id';
import { nulMessage, textProblem } from '../common/text-rules';
import { indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionArgs, ConnectionShape, keysetConnection } from '../common/pagination';
import { Programme } from './programme.entity';
import { ProgrammesRepository } from './programmes.repository';

@Injectable()
export class ProgrammesService {
  constructor(private readonly repository: ProgrammesRepository) {}

  async byCode(code: string): Promise<Programme> {
    const found = await this.repository.readByCode(code);
    if (!found) throw new NotFoundError('Programme', code);
    return found;
  }

  byId(ctx: RequestContext, id: number): Promise<Programme | null> {
    return ctx.loaders
      .get<number, Programme | null>('programmeById', async (ids) =>
        indexBy(ids, await this.repository.readByIds(ids), (p) => p.id),
      )
      .load(id);
  }

  /** The database id of a programme given by its global id; NOT_FOUND when there is none. */
  async requireGlobal(ctx: RequestContext, globalId: string, argument: string): Promise<number> {
    const id = expectGlobalId(globalId, ['Programme'], argument);
    if (!(await this.byId(ctx, id)))
      throw new NotFoundError('Programme', toGlobalId('Programme', id));
    return id;
  }

  /**
   * The database id of a programme given by its code, as every `programme`
   * argument takes it, or by its global id (which `commitmentChanges` took first).
   */
  async requireCodeOrGlobal(ctx: RequestContext, value: string, argument: string): Promise<number> {
    let asId: number | undefined;
    try {
      asId = fromGlobalId(value, argument).id;
    } catch {
      // Not an id: a code.
    }
    if (asId !== undefined) return this.requireGlobal(ctx, value, argument);
    const problem =
      value.length > 100
        ? 'must be at most 100 characters'
        : (nulMessage(value) ?? textProblem(value));
    if (problem) throw new BadInputError(argument, problem);
    return (await this.byCode(value)).id;
  }

  list(args: ConnectionArgs): Promise<ConnectionShape<Programme>> {
    return keysetConnection(
      args,
      'number',
      (p: Programme) => p.id,
      (page) => this.repository.readPage(page),
      () => this.repository.readCount(),
    );
  }
}

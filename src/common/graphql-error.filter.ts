import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Domain errors (GraphQLError with a code) are answers, not failures: they go
 * straight to Apollo's formatError instead of being logged as server errors
 * by Nest's exception handler.
 */
@Catch(GraphQLError)
export class GraphQLErrorFilter implements GqlExceptionFilter {
  catch(exception: GraphQLError, host: ArgumentsHost): GraphQLError | void {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    // Plain HTTP routes (exports, health) answer with the same vocabulary.
    const res = host.switchToHttp().getResponse<{
      status(code: number): { json(body: unknown): void };
    }>();
    res.status(400).json({ message: exception.message, extensions: exception.extensions });
  }
}

import { ValidationError, ValidationPipe } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { BadInputError } from './errors';

function flatten(errors: ValidationError[], prefix = ''): { path: string; message: string }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      path,
      // class-validator starts its messages with the property name; the path says it already.
      message: message.startsWith(e.property + ' ')
        ? message.slice(e.property.length + 1)
        : message,
    }));
    return own.concat(flatten(e.children ?? [], path));
  });
}

/**
 * Validates every @Args class with class-validator; a violation is a
 * BAD_USER_INPUT error that names the argument (e.g. "filter.search").
 */
export function validationPipe(
  transformOptions?: { enableImplicitConversion: boolean },
  prefix = '',
  rejectUnknown = false,
): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    transformOptions,
    forbidUnknownValues: false,
    // For query strings: a misspelt filter must not silently match everything.
    whitelist: rejectUnknown,
    forbidNonWhitelisted: rejectUnknown,
    exceptionFactory: (errors) => {
      const [first, ...rest] = flatten(errors, prefix);
      const more = rest.length
        ? ` (and ${rest.length} more: ${rest.map((r) => r.path).join(', ')})`
        : '';
      return new BadInputError(first?.path ?? 'input', (first?.message ?? 'is invalid') + more);
    },
  });
}

const argsValidation = validationPipe();

/**
 * `@Args()` for an @ArgsType class, validated. Validation is attached to the
 * arguments that need it instead of being a global pipe: a global pipe runs
 * for every parameter of every field resolver, which cost about a fifth of the
 * time of a page of 100 projects (docs/benchmarks.md).
 */
export const ValidArgs = (): ParameterDecorator => Args(argsValidation);

const inputValidation = validationPipe(undefined, 'input');

/** A mutation's single `input` argument (an @InputType class), validated; errors name "input.<field>". */
export const ValidInput = (): ParameterDecorator => Args('input', inputValidation);

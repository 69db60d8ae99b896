import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { nulInValue } from './argument-text';
import { FlatArgsMemo } from './flat-args-memo';
import { BadInputError } from './errors';
import {
  CALENDAR_DATE_MESSAGE,
  isCalendarDate,
  normaliseSearch,
  nulMessage,
  textProblem,
} from './text-rules';

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

/** Refuses text holding NUL before validating, naming where it is (argument-text.ts). */
class TextSafeValidationPipe extends ValidationPipe {
  constructor(
    private readonly prefix: string,
    options: ConstructorParameters<typeof ValidationPipe>[0],
  ) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = nulInValue(value, this.prefix);
    if (nul) throw nul;
    return this.memo.run(
      metadata.metatype,
      value,
      () => super.transform(value, metadata) as Promise<unknown>,
    );
  }

  private readonly memo = new FlatArgsMemo();
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
  return new TextSafeValidationPipe(prefix, {
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

/** A date argument or field: YYYY-MM-DD and a day that exists (text-rules.ts). */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: () => CALENDAR_DATE_MESSAGE,
      },
    },
    options,
  );

/**
 * A name (one line) or, with `multiline`, a note, description or reason: no
 * NUL, control or bidirectional control characters; any other Unicode is kept.
 */
export const IsCleanText = (options: { multiline?: boolean } = {}): PropertyDecorator =>
  ValidateBy({
    name: 'isCleanText',
    validator: {
      validate: (value) => typeof value !== 'string' || textProblem(value, options) === null,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? (nulMessage(args.value) ?? textProblem(args.value, options) ?? 'is not clean text')
          : 'is not clean text',
    },
  });

/** Search input normalised before it is validated (text-rules.ts normaliseSearch). */
export const NormaliseSearch = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normaliseSearch(value) : value,
  );

import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, validate } from 'class-validator';
import fc from 'fast-check';
import { FlatArgsMemo } from './flat-args-memo';

class PageArgs {
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  search?: string;
}

/** The reference: class-transformer and class-validator on every call, as the pipe does. */
async function check(value: unknown): Promise<PageArgs> {
  const instance = plainToInstance(PageArgs, value);
  const errors = await validate(instance as object);
  if (errors.length) throw new Error(errors.map((e) => e.property).join(','));
  return instance;
}

async function outcome(run: () => Promise<unknown>) {
  try {
    const result = (await run()) as object;
    return { ok: true, proto: Object.getPrototypeOf(result) as unknown, value: { ...result } };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

describe('FlatArgsMemo', () => {
  it('answers every value as the check itself does, values seen before included', async () => {
    const memo = new FlatArgsMemo(5);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record(
            {
              first: fc.oneof(
                fc.integer({ min: -2, max: 103 }),
                fc.constant('7'),
                fc.constant(null),
              ),
              search: fc.oneof(fc.constantFrom(' a ', 'b', ''), fc.constant(undefined)),
            },
            { requiredKeys: ['first'] },
          ),
          { minLength: 1, maxLength: 40 },
        ),
        async (values) => {
          for (const value of values)
            expect(
              await outcome(() => memo.run(PageArgs, { ...value }, () => check(value))),
            ).toEqual(await outcome(() => check(value)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('checks a value once, and gives each call its own object', async () => {
    const memo = new FlatArgsMemo();
    let checks = 0;
    const counted = (value: unknown) => () => {
      checks++;
      return check(value);
    };
    const a = (await memo.run(PageArgs, { first: 5 }, counted({ first: 5 }))) as PageArgs;
    a.first = 99;
    const b = (await memo.run(PageArgs, { first: 5 }, counted({ first: 5 }))) as PageArgs;
    expect(checks).toBe(1);
    expect(b).toBeInstanceOf(PageArgs);
    expect(b.first).toBe(5);
  });

  it('keeps no refusal, and nothing for values with objects in them', async () => {
    const memo = new FlatArgsMemo();
    let checks = 0;
    const counted = (value: unknown) => () => {
      checks++;
      return check(value);
    };
    for (let i = 0; i < 2; i++) {
      await expect(memo.run(PageArgs, { first: 0 }, counted({ first: 0 }))).rejects.toThrow(
        'first',
      );
      await memo.run(PageArgs, { first: 3, search: { x: 1 } }, counted({ first: 3 }));
    }
    expect(checks).toBe(4);
  });
});

/**
 * Remembers what a pure, per-class argument check made of argument values of scalars only
 * (e.g. `participations(first: 100)`), for the argument pipe (validation.ts): class-transformer
 * and class-validator are functions of such a value, and a field on each item of a list would
 * otherwise repeat them once per item. Only values that passed are kept; each call gets its
 * own copy, since a resolver may change its arguments.
 */
export class FlatArgsMemo {
  private readonly passed = new WeakMap<object, Map<string, object>>();

  /** `maxPerClass`: distinct values kept per class (then that class's start over). */
  constructor(private readonly maxPerClass = 256) {}

  async run(
    metatype: object | undefined,
    value: unknown,
    check: () => Promise<unknown>,
  ): Promise<unknown> {
    const key = metatype ? flatKey(value) : undefined;
    if (key === undefined || !metatype) return check();
    let kept = this.passed.get(metatype);
    const known = kept?.get(key);
    if (known) return copyOf(known);
    const result = await check();
    if (isFlatObject(result)) {
      if (!kept || kept.size >= this.maxPerClass)
        this.passed.set(metatype, (kept = new Map<string, object>()));
      kept.set(key, copyOf(result));
    }
    return result;
  }
}

const isScalar = (v: unknown) =>
  v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);

/** An object (not an array) whose own values are all scalars, e.g. a checked @ArgsType instance. */
function isFlatObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(isScalar)
  );
}

/** The key of a plain object of a few scalars (undefined told apart from absent), else undefined. */
function flatKey(value: unknown): string | undefined {
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.getPrototypeOf(value) !== Object.prototype ||
    !isFlatObject(value)
  )
    return undefined;
  const entries = Object.entries(value);
  if (entries.length > 8) return undefined;
  return JSON.stringify(
    entries.map(([k, v]): [string, unknown] => [k, v === undefined ? { undefined: true } : v]),
  );
}

function copyOf(value: object): object {
  return Object.assign(
    Object.create(Object.getPrototypeOf(value) as object | null) as object,
    value,
  );
}

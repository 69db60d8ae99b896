import { requestHash, stableJson } from './stable-json';

describe('stable JSON of a mutation input', () => {
  it('does not depend on key order, at any depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      stableJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('leaves out undefined fields but keeps nulls, which mean "clear"', () => {
    expect(stableJson({ a: 1, b: undefined })).toBe(stableJson({ a: 1 }));
    expect(stableJson({ a: 1, b: null })).not.toBe(stableJson({ a: 1 }));
  });

  it('keeps array order, which can matter', () => {
    expect(stableJson([1, 2])).not.toBe(stableJson([2, 1]));
  });

  it('hashes the operation with the input', () => {
    expect(requestHash('a', { x: 1 })).toBe(requestHash('a', { x: 1 }));
    expect(requestHash('a', { x: 1 })).not.toBe(requestHash('b', { x: 1 }));
    expect(requestHash('a', { x: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

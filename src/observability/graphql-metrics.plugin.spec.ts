import { errorCodeLabel, OperationLabels } from './graphql-metrics.plugin';
import { requestIdOf } from './request-scope';

describe('OperationLabels', () => {
  it('keeps names, calls unnamed operations anonymous and unresolved ones unknown', () => {
    const sut = new OperationLabels(10);
    expect(sut.label('Projects', true)).toBe('Projects');
    expect(sut.label(undefined, true)).toBe('anonymous');
    expect(sut.label('Projects', false)).toBe('unknown');
  });

  it('cuts long names and bounds the number of distinct labels', () => {
    const sut = new OperationLabels(3);
    expect(sut.label('x'.repeat(100), true)).toHaveLength(64);
    expect(sut.label('A', true)).toBe('A');
    expect(sut.label('B', true)).toBe('B');
    expect(sut.label('C', true)).toBe('other');
    expect(sut.label('A', true)).toBe('A'); // names seen before keep their label
  });
});

describe('errorCodeLabel', () => {
  it('passes documented codes and turns anything else into OTHER', () => {
    expect(errorCodeLabel('TIMEOUT')).toBe('TIMEOUT');
    expect(errorCodeLabel('SERVICE_UNAVAILABLE')).toBe('SERVICE_UNAVAILABLE');
    expect(errorCodeLabel('made-up by a client')).toBe('OTHER');
    expect(errorCodeLabel(undefined)).toBe('OTHER');
  });
});

describe('requestIdOf', () => {
  it('keeps a short plain id and replaces anything else with a UUID', () => {
    expect(requestIdOf('abc-123.x:y_z')).toBe('abc-123.x:y_z');
    expect(requestIdOf(['first', 'second'])).toBe('first');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [undefined, '', 'a'.repeat(129), 'has space', 'line\nbreak', '{"json":1}'])
      expect(requestIdOf(bad)).toMatch(uuid);
  });
});

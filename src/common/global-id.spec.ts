import { ErrorCode } from './errors';
import { expectGlobalId, fromGlobalId, toGlobalId } from './global-id';

describe('global ids', () => {
  it('round-trips type and id', () => {
    const id = toGlobalId('Project', 27);
    expect(id).not.toContain('Project');
    expect(fromGlobalId(id)).toEqual({ type: 'Project', id: 27 });
  });

  it.each([
    '',
    'abc',
    toGlobalId('Project', 0),
    Buffer.from('Nope:1').toString('base64url'),
    Buffer.from('Project:99999999999').toString('base64url'),
  ])('rejects %p as BAD_USER_INPUT naming the argument', (bad) => {
    try {
      fromGlobalId(bad, 'project');
      throw new Error('accepted');
    } catch (e) {
      expect((e as { extensions: { code: string; argument: string } }).extensions).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        argument: 'project',
      });
    }
  });

  it('rejects an id of the wrong type', () => {
    expect(() => expectGlobalId(toGlobalId('Topic', 3), ['Project'])).toThrow(/Project/);
  });
});

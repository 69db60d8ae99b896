import { toGlobalId } from '../common/global-id';
import { apiView, organisationIdsIn } from './audit-view';

describe('audit rows in the API view', () => {
  const orgs = new Map<number, 'Municipality' | 'JointAuthority'>([
    [153, 'Municipality'],
    [400, 'JointAuthority'],
  ]);

  it('writes global ids under the API field names, never database ids', () => {
    const view = apiView(
      'CooperationCommitment',
      { id: 5, projectAId: 16, projectBId: 3, status: 'ACTIVE', version: 2 },
      orgs,
    );
    expect(view).toEqual({
      id: toGlobalId('CooperationCommitment', 5),
      projects: [toGlobalId('Project', 16), toGlobalId('Project', 3)],
      status: 'ACTIVE',
      version: 2,
    });
  });

  it('names a project’s programme, participants and topics by their ids', () => {
    const json = {
      id: 16,
      programmeId: 1,
      titleSv: 'Titel',
      participants: [
        { organisationId: 153, role: 'LEAD' },
        { organisationId: 400, role: 'PARTNER' },
      ],
      topicIds: [2, 7],
    };
    expect(organisationIdsIn(json)).toEqual([153, 400]);
    expect(apiView('Project', json, orgs)).toEqual({
      id: toGlobalId('Project', 16),
      programme: toGlobalId('Programme', 1),
      titleSv: 'Titel',
      participants: [
        { organisation: toGlobalId('Municipality', 153), role: 'LEAD' },
        { organisation: toGlobalId('JointAuthority', 400), role: 'PARTNER' },
      ],
      topics: [toGlobalId('Topic', 2), toGlobalId('Topic', 7)],
    });
  });

  it('keeps nulls, reuse links and joint authority members in the same terms', () => {
    expect(
      apiView(
        'ReuseLink',
        { id: 2, projectId: 16, sourceProjectId: null, sourceOutput: 'x' },
        orgs,
      ),
    ).toEqual({
      id: toGlobalId('ReuseLink', 2),
      project: toGlobalId('Project', 16),
      sourceProject: null,
      sourceOutput: 'x',
    });
    expect(
      apiView('JointAuthority', { id: 400, memberIds: [153], mergedIntoId: null }, orgs),
    ).toEqual({
      id: toGlobalId('JointAuthority', 400),
      members: [toGlobalId('Municipality', 153)],
      mergedInto: null,
    });
    expect(apiView('Project', null, orgs)).toBeNull();
  });

  it('leaves a token’s number as it is: tokens are not nodes', () => {
    expect(apiView('ApiToken', { id: 12, name: 'x', revokedAt: null }, orgs)).toEqual({
      id: 12,
      name: 'x',
      revokedAt: null,
    });
  });
});

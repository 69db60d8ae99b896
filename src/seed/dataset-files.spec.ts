import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config/paths';
import { readCsv, readDataset } from './dataset-files';

/**
 * Data fidelity: the dataset against the announcement it was transcribed
 * from (data/sources/press-release-2020-sv.txt, a verbatim copy) and against
 * Statistics Finland's own region table.
 */
describe('the dataset in data/: the 2019 joint call against its announcement', () => {
  const all = readDataset();
  const sut = {
    ...all,
    projects: all.projects.filter((p) => p.programmeCode === 'vm-digi-joint-2019'),
    participants: all.participants.filter((p) => p.projectKey.startsWith('vm-digi-joint-2019/')),
    programmes: all.programmes.filter((p) => p.code === 'vm-digi-joint-2019'),
  };
  const release = readFileSync(join(dataDir(), 'sources', 'press-release-2020-sv.txt'), 'utf8');

  /** Each numbered line of the announcement under a category heading: position, lead label, title. */
  function announced(heading: string, nextHeading?: string) {
    const start = release.indexOf(heading);
    const end = nextHeading ? release.indexOf(nextHeading) : release.length;
    expect(start).toBeGreaterThanOrEqual(0);
    return release
      .slice(start + heading.length, end)
      .split('\n')
      .map((line) => /^\s*(\d+)\.\s+([^:]+):\s*(.+?)\s*$/u.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ position: Number(m[1]), lead: m[2].trim(), title: m[3] }));
  }
  const eServices = announced(
    'Projekt för elektroniska tjänster samt elektronisk kommunikation och delaktighet',
    'Övriga projekt',
  );
  const other = announced('Övriga projekt');

  it('has the 27 granted projects, 13 e-services and 14 others', () => {
    expect(sut.projects).toHaveLength(27);
    expect(sut.projects.filter((p) => p.category === 'E_SERVICES')).toHaveLength(13);
    expect(sut.projects.filter((p) => p.category === 'OTHER')).toHaveLength(14);
    expect(eServices).toHaveLength(13);
    expect(other).toHaveLength(14);
  });

  it('has every Swedish title character for character as announced, at its position', () => {
    for (const [category, list] of [
      ['E_SERVICES', eServices],
      ['OTHER', other],
    ] as const) {
      for (const item of list) {
        const project = sut.projects.find(
          (p) => p.category === category && p.listPosition === item.position,
        );
        expect(project?.titleSv).toBe(item.title);
      }
    }
  });

  it('has 23 distinct leads; Åbo, Tavastehus, Borgå and Kangasala lead two projects each', () => {
    const leads = sut.participants.filter((p) => p.role === 'LEAD');
    expect(leads).toHaveLength(27);
    const perLead = new Map<string, number>();
    for (const l of leads)
      perLead.set(l.municipalityCode, (perLead.get(l.municipalityCode) ?? 0) + 1);
    expect(perLead.size).toBe(23);
    const twice = [...perLead]
      .filter(([, n]) => n === 2)
      .map(([code]) => code)
      .sort();
    // Hämeenlinna/Tavastehus 109, Kangasala 211, Porvoo/Borgå 638, Turku/Åbo 853
    expect(twice).toEqual(['109', '211', '638', '853']);
  });

  it('matches each lead to the municipality the announcement names (Swedish name)', () => {
    const nameSv = new Map(sut.municipalities.map((m) => [m.code, m.nameSv]));
    const rows = readCsv('projects.csv').filter((r) => r.programme === 'vm-digi-joint-2019');
    expect(rows).toHaveLength(27);
    for (const row of rows) {
      const list = row.category === 'E_SERVICES' ? eServices : other;
      const item = list.find((i) => i.position === Number(row.position))!;
      expect(item.lead).toBe(row.lead_label);
      // "Uleåborgs stad" names Uleåborg; strip the genitive and the kind of municipality.
      const label = item.lead.replace(/ (stad|kommun)$/, '');
      expect([label, label.replace(/s$/, '')]).toContain(nameSv.get(row.lead_code));
    }
  });

  it('has the programme facts of the 2019 call', () => {
    expect(sut.programmes).toEqual([
      expect.objectContaining({
        projectListComplete: true,
        applicationsReceived: 51,
        projectsGranted: 27,
        completionDeadline: '2021-11-30',
        minParticipants: 2,
        maxGrantShare: '0.85',
        reuseDuty: true,
        cooperationDuty: true,
        callOpenedOn: '2019-11-13',
        callClosedOn: '2019-12-19',
      }),
    ]);
    expect(release).toContain('Sammanlagt 51 ansökningar');
    expect(release).toContain('före utgången av november 2021');
  });

  it('has all 310 municipalities of 2020 with three-digit codes and the Honkajoki merger', () => {
    expect(sut.municipalities).toHaveLength(310);
    expect(sut.municipalities.every((m) => /^\d{3}$/.test(m.code))).toBe(true);
    expect(sut.municipalities.find((m) => m.code === '005')?.nameFi).toBe('Alajärvi');
    expect(sut.mergers).toEqual([
      {
        code: '099',
        successorCode: '214',
        mergedOn: '2021-01-01',
        sourceKey: 'statfi-municipalities-2021',
      },
    ]);
  });

  it("agrees with Statistics Finland's own municipality-to-region table for 2021", () => {
    const statfi = readCsv('statfi-municipality-region-2021.csv', ';');
    expect(statfi).toHaveLength(309);
    const region2021 = new Map(
      readCsv('municipalities-2021.csv').map((m) => [m.code, m.region_code]),
    );
    for (const row of statfi) {
      expect(region2021.get(row.sourceCode.replace(/'/g, ''))).toBe(
        row.targetCode.replace(/'/g, ''),
      );
    }
    // The 2020 division differs only where a municipality changed region on 1.1.2021.
    const region2020 = new Map(sut.municipalities.map((m) => [m.code, m.regionCode]));
    const moved = [...region2021]
      .filter(([code, r]) => region2020.get(code) !== r)
      .map(([code]) => code);
    expect(moved.sort()).toEqual(['090', '142', '152', '171', '291']); // Heinävesi, Iitti, Isokyrö, Joroinen, Kuhmoinen
  });
});

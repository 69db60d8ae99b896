import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config/paths';
import { PROJECT_FACTS, readCsv, readDataset } from './dataset-files';

/**
 * Fidelity of data/ to the collected public sources: the tables
 * data/sources/projects-2019-joint.csv and projects-2020-partial.csv and the
 * source register data/sources/sources-2019-2022.md (verbatim copies of the
 * research notes). Expectations are read from those files, not typed here.
 */
describe('the dataset in data/ against the collected sources', () => {
  const data = readDataset();
  const register = readFileSync(join(dataDir(), 'sources', 'sources-2019-2022.md'), 'utf8');
  const release = readFileSync(join(dataDir(), 'sources', 'press-release-2020-sv.txt'), 'utf8');
  const joint = readCsv('sources/projects-2019-joint.csv');
  const partial2020 = readCsv('sources/projects-2020-partial.csv');

  const codeByNameFi = new Map(data.municipalities.map((m) => [m.nameFi, m.code]));
  const code = (nameFi: string) => {
    const c = codeByNameFi.get(nameFi);
    expect(c).toBeDefined();
    return c!;
  };
  const sourceByKey = new Map(data.sources.map((s) => [s.key, s]));
  const partnersOf = (key: string) =>
    data.participants
      .filter((p) => p.projectKey === key && p.role === 'PARTNER')
      .map((p) => p.municipalityCode)
      .sort();
  const leadOf = (key: string) =>
    data.participants.find((p) => p.projectKey === key && p.role === 'LEAD')!.municipalityCode;
  /** Every address that a project's facts and participants cite. */
  const urlsOf = (key: string) => {
    const p = data.projects.find((x) => x.key === key)!;
    const keys = [
      ...Object.values(p.provenance),
      ...data.participants.filter((x) => x.projectKey === key).map((x) => x.sourceKey),
    ];
    return new Set(keys.map((k) => sourceByKey.get(k)?.url));
  };
  const split = (cell: string) => cell.split(';').filter(Boolean);
  const ofProgramme = (code: string) => data.projects.filter((p) => p.programmeCode === code);
  const programme = (code: string) => data.programmes.find((p) => p.code === code)!;

  describe('the 2019 joint call, row by row against projects-2019-joint.csv', () => {
    it('has exactly the rows of the table', () => {
      expect(ofProgramme('vm-digi-joint-2019')).toHaveLength(joint.length);
    });

    it.each(joint.map((r) => [`${r.list_category} ${r.position}`, r]))('%s', (_, row) => {
      const p = ofProgramme('vm-digi-joint-2019').find(
        (x) => x.category === row.list_category && x.listPosition === Number(row.position),
      )!;
      expect(p).toBeDefined();
      // The Swedish title is unchanged, and the same as in the announcement.
      expect(p.titleSv).toBe(row.title_sv);
      expect(release).toContain(`${row.position}. `);
      expect(release).toContain(row.title_sv);
      expect(p.titleFi).toBe(row.title_fi || null);
      expect(leadOf(p.key)).toBe(code(row.lead_fi));
      expect(partnersOf(p.key)).toEqual(split(row.partners_fi).map(code).sort());
      expect(p.grantEur).toBe(row.grant_eur || null);
      expect(p.grantIsMaximum).toBe(row.grant_is_maximum === 'true');
      // A list is complete exactly where a source lists the partners (the four that do list all).
      expect(p.participantsKnown).toBe(row.partners_fi !== '');
      for (const url of split(row.source_url)) expect(urlsOf(p.key)).toContain(url);
    });
  });

  describe('the 2020 round, against projects-2020-partial.csv', () => {
    const round = ofProgramme('vm-digi-2020');

    it('has the rows of the table and is marked as listing only part of its projects', () => {
      expect(round).toHaveLength(partial2020.length);
      const p = programme('vm-digi-2020');
      expect(p.projectListComplete).toBe(false);
      expect(p.projectsGranted).toBeGreaterThan(round.length);
      expect(register).toContain(`till ${p.projectsGranted} olika digitaliseringsprojekt`);
    });

    it.each(partial2020.map((r) => [r.lead_fi, r]))('%s', (_, row) => {
      const p = round.find((x) => leadOf(x.key) === code(row.lead_fi))!;
      expect(p).toBeDefined();
      expect(p.titleFi).toBe(row.title_fi || null);
      expect(p.titleSv).toBe(row.title_sv || null);
      expect(partnersOf(p.key)).toEqual(split(row.partners_fi).map(code).sort());
      expect(p.grantEur).toBe(row.grant_eur || null);
      // Its facts cite the row's sources only, its list source among them.
      const urls = split(row.source_url);
      for (const url of urlsOf(p.key)) expect(urls).toContain(url);
      expect(urlsOf(p.key)).toContain(urls[0]);
    });
  });

  it('records the visible rows of the 2021 table: lead, maximum and title where given', () => {
    const rows = [
      ...register.matchAll(/(\d)\. (\w+), at most EUR (\d{1,3}(?:,\d{3})*)(?:, "([^"…]+)")?/gu),
    ];
    const round = ofProgramme('vm-digi-2021');
    expect(round).toHaveLength(rows.length);
    for (const [, position, lead, amount, title] of rows) {
      const p = round.find((x) => x.listPosition === Number(position))!;
      expect(leadOf(p.key)).toBe(code(lead));
      expect(p.grantEur).toBe(amount.replace(/,/g, ''));
      expect(p.grantIsMaximum).toBe(true);
      // The second title is cut off in the source, so it stays unknown.
      expect(p.titleSv).toBe(title && register.includes(`"${title}"`) ? title : null);
      expect(partnersOf(p.key)).toEqual([]);
    }
  });

  it('records the visible part of the 2022 table in order, with unknown titles and partners', () => {
    const line = /table of lead and maximum amount \(visible part\): ([^|]+)\|/u.exec(register)![1];
    const visible = line
      .split(';')
      .map((cell) => /^\s*(\S+) ([\d,]+(?: and [\d,]+)*)\s*$/u.exec(cell))
      .filter((m): m is RegExpExecArray => m !== null) // "Ule…" is cut off
      .flatMap((m) => m[2].split(' and ').map((amount) => ({ nameSv: m[1], amount })));
    const nameSv = new Map(data.municipalities.map((m) => [m.code, m.nameSv]));
    const round = ofProgramme('vm-digi-2022').sort((a, b) => a.listPosition! - b.listPosition!);
    expect(round.map((p) => [nameSv.get(leadOf(p.key)), p.grantEur])).toEqual(
      visible.map((v) => [v.nameSv, v.amount.replace(/,/g, '')]),
    );
    // Only Janakkala's project is known beyond the table (hattula.fi).
    for (const p of round.filter((x) => x.titleFi === null)) {
      expect(p.titleSv).toBeNull();
      expect(partnersOf(p.key)).toEqual([]);
      expect(p.participantsKnown).toBe(false);
    }
    const janakkala = round.find((p) => p.titleFi !== null)!;
    expect(register).toContain(`"${janakkala.titleFi}"`);
    expect(register).toContain('Yhteishankkeessa ovat mukana Janakkala, Hattula ja Forssa');
    expect(partnersOf(janakkala.key)).toEqual([code('Forssa'), code('Hattula')].sort());
  });

  it('names no partner that no source names', () => {
    const named = new Set<string>();
    for (const r of joint) for (const p of split(r.partners_fi)) named.add(`${r.lead_fi}:${p}`);
    for (const r of partial2020)
      for (const p of split(r.partners_fi)) named.add(`${r.lead_fi}:${p}`);
    named.add('Janakkala:Hattula').add('Janakkala:Forssa'); // hattula.fi, checked above
    const nameFi = new Map(data.municipalities.map((m) => [m.code, m.nameFi]));
    const recorded = data.participants
      .filter((p) => p.role === 'PARTNER')
      .map((p) => `${nameFi.get(leadOf(p.projectKey))}:${nameFi.get(p.municipalityCode)}`);
    expect(new Set(recorded)).toEqual(named);
    expect(recorded).toHaveLength(named.size);
    // Lestijärvi's sub-region (Kaustisen seutukunta) and the Helle libraries are context, not partners.
    const lestijarvi = ofProgramme('vm-digi-joint-2019').find(
      (p) => p.titleSv === 'KASE Smart Countryside',
    )!;
    expect(partnersOf(lestijarvi.key)).toEqual([]);
    for (const name of ['Halsua', 'Kaustinen', 'Toholampi', 'Veteli'])
      expect(data.participants.map((p) => p.municipalityCode)).not.toContain(code(name));
    const helle = ofProgramme('vm-digi-2020').find((p) => p.description?.includes('Helle'))!;
    expect(partnersOf(helle.key)).toEqual([]);
    expect(helle.participantsKnown).toBe(false);
  });

  it('has the headline facts of the rounds as the sources give them', () => {
    const facts: [string, string][] = [
      ['vm-digi-knowledge-2019', 'Finansministeriet fick sammanlagt 184 ansökningar'],
      ['vm-digi-knowledge-2019', 'avustusta 41:lle hankkeelle'],
      ['vm-digi-2020', 'Det kom in sammanlagt 61 ansökningar'],
      ['vm-digi-2021', '5,77 miljoner euro i statsunderstöd till 17 olika'],
      ['vm-digi-2022', '8,62 miljoner euro i statsunderstöd till 24 olika'],
    ];
    for (const [, phrase] of facts) expect(register).toContain(phrase);
    const k = programme('vm-digi-knowledge-2019');
    expect([k.applicationsReceived, k.projectsGranted, k.decidedOn]).toEqual([
      184,
      41,
      '2019-11-21',
    ]);
    expect(k.minParticipants).toBe(1); // "Kunnat voivat hakea yksin tai yhdessä"
    expect(register).toContain('Kunnat voivat hakea yksin tai yhdessä');
    expect(ofProgramme(k.code)).toEqual([]);
    const r20 = programme('vm-digi-2020');
    expect([r20.applicationsReceived, r20.projectsGranted, r20.grantedTotalEur]).toEqual([
      61,
      29,
      '9690000',
    ]);
    expect([r20.decidedOn, r20.completionDeadline, r20.minParticipants]).toEqual([
      '2020-12-11',
      '2022-10-31',
      2,
    ]);
    expect(r20.themes).toHaveLength(5);
    expect(r20.exclusions).toEqual([
      'social and health care',
      'the built environment',
      'archiving',
    ]);
    const r21 = programme('vm-digi-2021');
    expect([r21.applicationsReceived, r21.projectsGranted, r21.grantedTotalEur]).toEqual([
      46,
      17,
      '5770000',
    ]);
    const r22 = programme('vm-digi-2022');
    expect([r22.applicationsReceived, r22.projectsGranted, r22.grantedTotalEur]).toEqual([
      49,
      24,
      '8620000',
    ]);
  });

  it('marks every round whose list is partial, and only those', () => {
    for (const p of data.programmes) {
      const recorded = ofProgramme(p.code).length;
      expect(p.projectListComplete).toBe(recorded === p.projectsGranted);
      expect(recorded).toBeLessThanOrEqual(p.projectsGranted!);
    }
  });

  it('follows §8 where sources disagree and records the other figure in the note', () => {
    expect(programme('vm-digi-joint-2019').callOpenedOn).toBe('2019-11-13');
    expect(sourceByKey.get('kuntaliitto-2019-haku-avattu')!.note).toContain('lokakuussa 2019');
    expect(programme('vm-digi-2020').grantedTotalEur).toBe('9690000');
    expect(sourceByKey.get('vm-press-release-2020-12-11')!.note).toContain('nästan 10 miljoner');
    expect(sourceByKey.get('kommuntorget-2020-list')!.note).toContain('Nykarbely');
  });

  it('has the exact address of the Tuusula minutes', () => {
    const tuusula = joint.find((r) => r.lead_fi === 'Tuusula')!;
    const p = ofProgramme('vm-digi-joint-2019').find((x) => x.titleSv === tuusula.title_sv)!;
    expect(sourceByKey.get(p.provenance.participants)!.url).toBe(tuusula.source_url);
    expect(sourceByKey.get(p.provenance.grantEur)!.url).toBe(tuusula.source_url);
  });

  it('has the joint authorities the sources name, with the members they give, in no project', () => {
    expect(data.jointAuthorities.map((j) => j.nameFi).sort()).toEqual([
      'Keski-Uudenmaan sote-kuntayhtymä',
      'Kuusiokuntien sosiaali- ja terveyskuntayhtymä',
    ]);
    const kuussote = data.jointAuthorities.find((j) => j.nameFi.startsWith('Kuusiokuntien'))!;
    const members = /KuusSote \(Kuntayhtymän kuntia: ([^)]+)\)/u.exec(register)![1];
    expect(kuussote.memberCodes.sort()).toEqual(members.split(', ').map(code).sort());
    expect(data.jointAuthorities.find((j) => j.nameFi.startsWith('Keski'))!.memberCodes).toEqual(
      [],
    );
  });

  it('gives every known fact of every project and programme a source with an address or document name', () => {
    for (const p of data.projects) {
      const facts: Record<string, unknown> = {
        titleSv: p.titleSv,
        listPosition: p.listPosition,
        grantEur: p.grantEur,
        ...Object.fromEntries(PROJECT_FACTS.map((f) => [f, (p as Record<string, unknown>)[f]])),
      };
      for (const [fact, value] of Object.entries(facts))
        expect([fact, value !== null]).toEqual([fact, fact in p.provenance]);
      for (const key of Object.values(p.provenance)) expect(sourceByKey.has(key)).toBe(true);
    }
    const cited = [
      ...data.projects.flatMap((p) => Object.values(p.provenance)),
      ...data.programmes.flatMap((p) => Object.values(p.provenance)),
      ...data.participants.map((p) => p.sourceKey),
      ...data.outputs.map((o) => o.sourceKey),
      ...data.jointAuthorities.map((j) => j.sourceKey),
    ];
    for (const key of cited) {
      const s = sourceByKey.get(key)!;
      expect(s).toBeDefined();
      // An address, or a named document held in data/ (the editorial classification).
      expect(s.url !== null || (s.title.length > 0 && s.publisher !== null)).toBe(true);
    }
    // Every address in the source tables is in sources.csv.
    const urls = new Set(data.sources.map((s) => s.url));
    for (const row of [...joint, ...partial2020])
      for (const url of split(row.source_url)) expect(urls).toContain(url);
  });

  it('gives editorial topics to every project with a title or description, and none to the others', () => {
    for (const p of data.projects) {
      const n = data.projectTopics.filter((t) => t.projectKey === p.key).length;
      const described = p.titleSv !== null || p.titleFi !== null || p.description !== null;
      // Helmi's title says nothing about its subject.
      if (p.titleSv === 'Helmi') expect(n).toBe(0);
      else if (described) expect([p.key, n >= 1 && n <= 3]).toEqual([p.key, true]);
      else expect([p.key, n]).toEqual([p.key, 0]);
    }
    expect(data.projectTopics.every((t) => t.sourceKey === 'editorial-topics')).toBe(true);
  });
});

import fc from 'fast-check';
import { elements, parseStrictXml } from '../../../test/support/strict-xml';
import { GraphEdgeRow, GraphNodeRow, toGexf, toGraphml, xmlEscape } from './graph-xml';

const node = (over: Partial<GraphNodeRow> = {}): GraphNodeRow => ({
  id: 'TXVuaWNpcGFsaXR5OjE',
  nameFi: 'Porvoo',
  nameSv: 'Borgå',
  kind: 'MUNICIPALITY',
  code: '638',
  regionCode: '01',
  degree: 1,
  component: 0,
  brokerScore: 0.25,
  ...over,
});

const edge = (source: string, target: string): GraphEdgeRow => ({
  id: 'e0',
  source,
  target,
  weight: 2,
  kinds: ['PROJECT', 'COMMITMENT'],
});

// What a name becomes in the file: characters XML 1.0 forbids are replaced.
const legal = (s: string) =>
  s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');

describe('xmlEscape', () => {
  it('escapes markup and keeps whitespace as references', () => {
    expect(xmlEscape(`<a href="x">&'\t\n\r`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#9;&#10;&#13;',
    );
  });

  it('replaces characters XML 1.0 cannot hold, and keeps astral characters', () => {
    expect(xmlEscape('a\u0000b\u001Fc\uFFFEd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(xmlEscape('Åbo 🌲')).toBe('Åbo 🌲');
  });
});

describe('toGraphml and toGexf', () => {
  const a = node();
  const b = node({ id: 'Sm9pbnRBdXRob3JpdHk6Mg', nameFi: 'HSL', nameSv: null, code: null });

  it('write the same nodes, edges and attributes, leaving unknown values out', () => {
    const graphml = parseStrictXml(toGraphml([a, b], [edge(a.id, b.id)]));
    const gexf = parseStrictXml(toGexf([a, b], [edge(a.id, b.id)], '2026-11-30'));
    expect(elements(graphml, 'node').map((n) => n.attrs.id)).toEqual([a.id, b.id]);
    expect(elements(gexf, 'node').map((n) => n.attrs.id)).toEqual([a.id, b.id]);
    expect(elements(gexf, 'node').map((n) => n.attrs.label)).toEqual(['Porvoo', 'HSL']);

    const keys = elements(graphml, 'key').filter((k) => k.attrs.id !== 'label');
    const attributes = elements(gexf, 'attribute');
    expect(attributes.map((x) => x.attrs.title)).toEqual(keys.map((k) => k.attrs['attr.name']));

    const graphmlData = (n: number) =>
      Object.fromEntries(
        elements(elements(graphml, 'node')[n], 'data').map((d) => [d.attrs.key, d.text]),
      );
    const gexfData = (n: number) =>
      Object.fromEntries(
        elements(elements(gexf, 'node')[n], 'attvalue').map((d) => [d.attrs.for, d.attrs.value]),
      );
    expect(graphmlData(0)).toMatchObject({ nameSv: 'Borgå', code: '638', broker: '0.25' });
    const { label, ...rest } = graphmlData(0);
    expect(label).toBe('Porvoo');
    expect(gexfData(0)).toEqual(rest);
    // Unknown Swedish name and code: absent, not "".
    expect(graphmlData(1)).not.toHaveProperty('nameSv');
    expect(gexfData(1)).not.toHaveProperty('code');

    const [ge] = elements(gexf, 'edge');
    expect(ge.attrs).toMatchObject({ source: a.id, target: b.id, weight: '2' });
    expect(elements(ge, 'attvalue').map((v) => v.attrs.value)).toEqual(['2', 'PROJECT COMMITMENT']);
    expect(elements(gexf, 'gexf')[0].attrs.version).toBe('1.3');
  });

  it('stay well-formed and give back any name, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const n = node({ nameFi: name, nameSv: name });
        const graphml = parseStrictXml(toGraphml([n], []));
        const gexf = parseStrictXml(toGexf([n], [], '2026-11-30'));
        const data = elements(graphml, 'data');
        expect(data.find((d) => d.attrs.key === 'label')!.text).toBe(legal(name));
        expect(elements(gexf, 'node')[0].attrs.label).toBe(legal(name));
        expect(elements(gexf, 'attvalue')[0].attrs.value).toBe(legal(name));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseStrictXml', () => {
  it.each([
    ['<a><b></a></b>'],
    ['<a>x & y</a>'],
    ['<a x="1" x="2"/>'],
    ['<a x=1/>'],
    ['<a>\u0001</a>'],
    ['<a>&#0;</a>'],
    ['<a/><b/>'],
    ['<a>'],
  ])('rejects %j', (xml) => {
    expect(() => parseStrictXml(xml)).toThrow();
  });
});

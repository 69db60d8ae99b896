/**
 * GraphML and GEXF 1.3 text for a drawn network. Pure functions (no framework
 * imports), so the escaping and both formats are unit-tested.
 *
 * Both formats carry the same attributes, declared once in NODE_ATTRIBUTES and
 * EDGE_ATTRIBUTES; the Finnish name is the node's label in both (GraphML's
 * "label" key, which Gephi and yEd show, and GEXF's label attribute). An unknown value (null) is left out of the file, never
 * written as an empty string, so "unknown" stays distinguishable from "empty".
 */

export interface GraphNodeRow {
  /** The organisation's global id, as in the API. */
  id: string;
  nameFi: string;
  nameSv: string | null;
  kind: string;
  code: string | null;
  regionCode: string | null;
  degree: number;
  component: number;
  brokerScore: number;
}

export interface GraphEdgeRow {
  id: string;
  source: string;
  target: string;
  weight: number;
  kinds: string[];
}

type AttrType = 'string' | 'int' | 'double';

interface Attribute<R> {
  /** Key in GraphML and attribute id in GEXF. */
  id: string;
  /** attr.name in GraphML, title in GEXF; the same names as the CSV columns. */
  name: string;
  type: AttrType;
  value: (row: R) => string | number | null;
}

export const NODE_ATTRIBUTES: Attribute<GraphNodeRow>[] = [
  { id: 'nameSv', name: 'name_sv', type: 'string', value: (n) => n.nameSv },
  { id: 'kind', name: 'kind', type: 'string', value: (n) => n.kind },
  { id: 'code', name: 'code', type: 'string', value: (n) => n.code },
  { id: 'region', name: 'region_code', type: 'string', value: (n) => n.regionCode },
  { id: 'degree', name: 'degree', type: 'int', value: (n) => n.degree },
  { id: 'component', name: 'component', type: 'int', value: (n) => n.component },
  { id: 'broker', name: 'broker_score', type: 'double', value: (n) => n.brokerScore },
];

export const EDGE_ATTRIBUTES: Attribute<GraphEdgeRow>[] = [
  { id: 'weight', name: 'weight', type: 'int', value: (e) => e.weight },
  { id: 'kinds', name: 'kinds', type: 'string', value: (e) => e.kinds.join(' ') },
];

// Characters XML 1.0 cannot hold at all, not even as &#…; references: C0 controls
// other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  // Kept as references so that a parser's attribute-value normalisation keeps them.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Text safe in XML 1.0 element content and in double- or single-quoted
 * attribute values. Characters XML 1.0 forbids become U+FFFD, so a stray
 * control character in a name cannot make the whole file unreadable.
 */
export function xmlEscape(value: string | number): string {
  return String(value)
    .replace(ILLEGAL_XML_CHARS, '\uFFFD')
    .replace(/[<>&"'\t\n\r]/g, (c) => ENTITIES[c]);
}

const present = <R>(attrs: Attribute<R>[], row: R) =>
  attrs
    .map((a) => ({ a, v: a.value(row) }))
    .filter((x): x is { a: Attribute<R>; v: string | number } => x.v !== null);

/** GraphML (http://graphml.graphdrawing.org/), undirected; Gephi, yEd, NetworkX and igraph read it. */
export function toGraphml(nodes: GraphNodeRow[], edges: GraphEdgeRow[]): string {
  const keys = [
    { a: { id: 'label', name: 'label', type: 'string' as const }, for: 'node' },
    ...NODE_ATTRIBUTES.map((a) => ({ a, for: 'node' })),
    ...EDGE_ATTRIBUTES.map((a) => ({ a, for: 'edge' })),
  ].map(
    (k) => `  <key id="${k.a.id}" for="${k.for}" attr.name="${k.a.name}" attr.type="${k.a.type}"/>`,
  );
  const data = <R>(attrs: Attribute<R>[], row: R) =>
    present(attrs, row)
      .map(({ a, v }) => `<data key="${a.id}">${xmlEscape(v)}</data>`)
      .join('');
  const lines = [
    ...nodes.map(
      (n) =>
        `    <node id="${xmlEscape(n.id)}"><data key="label">${xmlEscape(n.nameFi)}</data>${data(NODE_ATTRIBUTES, n)}</node>`,
    ),
    ...edges.map(
      (e) =>
        `    <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">${data(EDGE_ATTRIBUTES, e)}</edge>`,
    ),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys,
    '  <graph id="kuntaverkko" edgedefault="undirected">',
    ...lines,
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}

const GEXF_TYPE: Record<AttrType, string> = { string: 'string', int: 'integer', double: 'double' };

/** GEXF 1.3 (https://gexf.net/), Gephi's own format; static and undirected. */
export function toGexf(nodes: GraphNodeRow[], edges: GraphEdgeRow[], generatedOn: string): string {
  const declare = <R>(cls: string, attrs: Attribute<R>[]) => [
    `    <attributes class="${cls}">`,
    ...attrs.map(
      (a) => `      <attribute id="${a.id}" title="${a.name}" type="${GEXF_TYPE[a.type]}"/>`,
    ),
    '    </attributes>',
  ];
  const attvalues = <R>(attrs: Attribute<R>[], row: R) => {
    const values = present(attrs, row);
    return values.length === 0
      ? ''
      : `<attvalues>${values.map(({ a, v }) => `<attvalue for="${a.id}" value="${xmlEscape(v)}"/>`).join('')}</attvalues>`;
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${xmlEscape(generatedOn)}">`,
    '    <creator>kuntaverkko</creator>',
    '    <description>Organisations linked by shared projects, cooperation commitments, reuse links and joint-authority membership</description>',
    '  </meta>',
    '  <graph mode="static" defaultedgetype="undirected">',
    ...declare('node', NODE_ATTRIBUTES),
    ...declare('edge', EDGE_ATTRIBUTES),
    '    <nodes>',
    ...nodes.map(
      (n) =>
        `      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.nameFi)}">${attvalues(NODE_ATTRIBUTES, n)}</node>`,
    ),
    '    </nodes>',
    '    <edges>',
    ...edges.map(
      (e) =>
        `      <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${e.weight}">${attvalues(EDGE_ATTRIBUTES, e)}</edge>`,
    ),
    '    </edges>',
    '  </graph>',
    '</gexf>',
    '',
  ].join('\n');
}

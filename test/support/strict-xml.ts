/**
 * A small, strict XML 1.0 reader for the tests (Node has no DOMParser and the
 * project has no XML dependency). It accepts the subset the exports write
 * (declaration, elements, attributes, text, character and the five predefined
 * entity references) and throws on anything not well-formed: unclosed or
 * crossed tags, a bare & or <, a duplicate attribute, an unquoted value, more
 * than one root, or a character XML 1.0 forbids (also through &#…;).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const LEGAL = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /^[A-Za-z_][\w.:-]*/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`bare < in ${where}`);
  return raw.replace(/&([^;]*);?/g, (all, ref: string) => {
    if (!all.endsWith(';')) throw new Error(`bare & in ${where}`);
    let ch: string | undefined = PREDEFINED[ref];
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (num) {
      const cp = parseInt(num[1] ?? num[2], num[1] ? 16 : 10);
      ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
      if (ch === undefined || !LEGAL.test(ch))
        throw new Error(`&${ref}; is not allowed in XML 1.0`);
    }
    if (ch === undefined) throw new Error(`unknown entity &${ref}; in ${where}`);
    return ch;
  });
}

export function parseStrictXml(xml: string): XmlElement {
  if (!LEGAL.test(xml)) throw new Error('a character XML 1.0 forbids');
  let s = xml.replace(/^<\?xml[^?]*\?>/, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  while (s.length > 0) {
    const lt = s.indexOf('<');
    const text = lt === -1 ? s : s.slice(0, lt);
    const top = stack[stack.length - 1];
    if (text) {
      if (top === root && text.trim()) throw new Error('text outside the root element');
      top.text += decode(text, `text of <${top.name}>`);
    }
    if (lt === -1) break;
    s = s.slice(lt);
    if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) throw new Error('unclosed comment');
      s = s.slice(end + 3);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(s);
    if (close) {
      if (stack.length === 1 || top.name !== close[1])
        throw new Error(`</${close[1]}> does not close <${top.name}>`);
      stack.pop();
      s = s.slice(close[0].length);
      continue;
    }
    const name = NAME.exec(s.slice(1));
    if (!name) throw new Error(`bad tag at: ${s.slice(0, 30)}`);
    const el: XmlElement = { name: name[0], attrs: {}, children: [], text: '' };
    s = s.slice(1 + name[0].length);
    for (;;) {
      const end = /^\s*(\/?)>/.exec(s);
      if (end) {
        s = s.slice(end[0].length);
        if (top === root && root.children.length > 0) throw new Error('more than one root');
        top.children.push(el);
        if (!end[1]) stack.push(el);
        break;
      }
      const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(s);
      if (!attr) throw new Error(`bad attribute in <${el.name}> at: ${s.slice(0, 30)}`);
      if (attr[1] in el.attrs) throw new Error(`duplicate attribute ${attr[1]} in <${el.name}>`);
      el.attrs[attr[1]] = decode(attr[2] ?? attr[3], `attribute ${attr[1]}`);
      s = s.slice(attr[0].length);
    }
  }
  if (stack.length > 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0];
}

/** Every element below (and including) `el` with this name, in document order. */
export function elements(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => elements(c, name))];
}

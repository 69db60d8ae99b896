/** h() for SVG: attributes only (presentation attributes, never style="", which the CSP forbids). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== undefined) el.setAttribute(name, String(value));
  for (const child of children) if (child) el.append(child);
  return el;
}

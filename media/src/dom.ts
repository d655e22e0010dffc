type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** A tiny element builder: attributes set as attributes (never inline styles, which the CSP forbids). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function section(id: string, title: string | null, ...children: Child[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': title ? `${id}-title` : undefined }, title ? h('h2', { id: `${id}-title` }, title) : null, ...children);
}

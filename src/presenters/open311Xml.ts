// The XML form of the Open311 GeoReport v2 documents. The JSON form is the primary one; this
// maps it the way the spec's "Spark convention" does: a list becomes a wrapper element holding
// one element per item (services/service, attributes/attribute, values/value …), an empty or
// absent value an empty element, true/false and numbers their text. Pure: data in, text out.
import { XMLBuilder } from 'fast-xml-parser';

/** The root element of each document and the name of its items, when it is a list. */
export const ROOTS = {
  discovery: null,
  services: 'service',
  service_definition: null,
  service_requests: 'request',
  errors: 'error',
} as const;
export type Open311Root = keyof typeof ROOTS;

// List-valued fields inside a document and the element name of their items.
const ITEM_OF: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

// Characters that XML 1.0 cannot carry at all, even escaped; they would make the document ill-formed.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(NOT_XML, '');
}

function node(v: unknown): unknown {
  if (Array.isArray(v)) throw new Error('open311Xml: a list must sit under a known list field');
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (Array.isArray(x)) {
        const item = ITEM_OF[k];
        if (!item) throw new Error(`open311Xml: no item element for list “${k}”`);
        out[k] = x.length ? { [item]: x.map(node) } : '';
      } else {
        out[k] = node(x);
      }
    }
    return out;
  }
  return text(v);
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/** The XML document of a GeoReport answer: `root` names the document, `data` is its JSON form. */
export function renderOpen311Xml(root: Open311Root, data: unknown): string {
  const item = ROOTS[root];
  let body: unknown;
  if (item) {
    if (!Array.isArray(data)) throw new Error(`open311Xml: <${root}> holds a list`);
    body = data.length ? { [item]: data.map(node) } : '';
  } else {
    body = node(data);
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: body })}`;
}

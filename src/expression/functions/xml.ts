import { createRequire } from 'node:module';
import type { Node as XmlNode } from '@xmldom/xmldom';
import { setOwn } from '../../core/own.js';
import { fail, isObject, makeFloat, toText, type Value } from '../value.js';

/**
 * XML in expressions. An XML value is its text (xml() returns a string), parsed on use with xmldom;
 * xpath() runs XPath 1.0 (the `xpath` package) over that DOM; json(<xml>) follows the conventions of
 * Json.NET's SerializeXmlNode, which the runtime uses: attributes as `@name`, text beside attributes or
 * children as `#text`, repeated child names as arrays, the XML declaration as `?xml`.
 */

// Loaded on first use: most projects have no XML in their expressions, and the two packages cost every
// start-up (validate included) about 0.1 s of CPU. Both are CommonJS, so require() loads them synchronously.
const require = createRequire(import.meta.url);
let xmldom: typeof import('@xmldom/xmldom') | undefined;
let xpath: typeof import('xpath') | undefined;
const loadXmldom = () => (xmldom ??= require('@xmldom/xmldom') as typeof import('@xmldom/xmldom'));
const loadXpath = () => (xpath ??= require('xpath') as typeof import('xpath'));

const ELEMENT = 1;
const ATTRIBUTE = 2;
const TEXT = 3;
const CDATA = 4;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

/** Whether a string holds XML rather than JSON (its first non-blank character is `<`). */
export function looksLikeXml(s: string): boolean {
  return s.trimStart().startsWith('<');
}

export function parseXml(fn: string, text: string): XmlNode {
  const fatal = (level: string, message: string): never =>
    fail(
      `The template language function '${fn}' was given a value that is not valid XML (${level}: ${String(message).replace(/\s+/g, ' ').trim()}).`,
    );
  const parser = new (loadXmldom().DOMParser)({
    onError: (level, message) => {
      if (level !== 'warning') fatal(level, message);
    },
  });
  return parser.parseFromString(text, 'text/xml');
}

/** xpath(xml, expression): numbers, strings and Booleans as they are; nodes as XML text (attributes and text as their value). */
export function evaluateXpath(fn: string, xmlText: string, expression: string): Value {
  const doc = parseXml(fn, xmlText);
  let result: Node[] | Node | string | number | boolean | null;
  try {
    // xpath is typed against the DOM library's Node; xmldom's nodes implement the same interface.
    result = loadXpath().select(expression, doc as unknown as Node);
  } catch (e) {
    return fail(
      `The template language function '${fn}' was given the XPath expression '${expression}', which is not valid: ${e instanceof Error ? e.message : String(e)}.`,
    );
  }
  if (typeof result === 'number') return Number.isNaN(result) ? 'NaN' : makeFloat(result);
  if (typeof result === 'string' || typeof result === 'boolean') return result;
  if (result === null) return null;
  const nodes = (Array.isArray(result) ? result : [result]) as unknown as XmlNode[];
  const values = nodes.map(nodeValue);
  // One matching node is returned by itself, several as an array (the reference's examples).
  return values.length === 1 ? values[0] : values;
}

function nodeValue(node: XmlNode): Value {
  if (node.nodeType === ATTRIBUTE || node.nodeType === TEXT || node.nodeType === CDATA) return node.nodeValue ?? '';
  return new (loadXmldom().XMLSerializer)().serializeToString(node);
}

/** The children of a node as an array (xmldom's NodeList is index-based). */
function childrenOf(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes.item(i);
    if (c) out.push(c);
  }
  return out;
}

function declarationToJson(data: string): Value {
  const out: { [key: string]: Value } = {};
  for (const m of data.matchAll(/([\w:.-]+)\s*=\s*(["'])(.*?)\2/g)) setOwn(out, `@${m[1]}`, m[3]);
  return out;
}

function add(target: { [key: string]: Value }, key: string, value: Value): void {
  if (!Object.hasOwn(target, key)) setOwn(target, key, value);
  else {
    const existing = target[key];
    setOwn(target, key, Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
}

function elementToJson(el: XmlNode): Value {
  const out: { [key: string]: Value } = {};
  const attrs = (el as unknown as { attributes?: { length: number; item(i: number): XmlNode | null } }).attributes;
  for (let i = 0; i < (attrs?.length ?? 0); i++) {
    const a = attrs?.item(i);
    if (a) out[`@${a.nodeName}`] = a.nodeValue ?? '';
  }
  const texts: string[] = [];
  let hasElements = false;
  for (const c of childrenOf(el)) {
    if (c.nodeType === ELEMENT) {
      hasElements = true;
      add(out, c.nodeName, elementToJson(c));
    } else if (c.nodeType === TEXT) {
      // Whitespace between elements is not significant (Json.NET drops it).
      if ((c.nodeValue ?? '').trim() !== '') texts.push(c.nodeValue ?? '');
    } else if (c.nodeType === CDATA) add(out, '#cdata-section', c.nodeValue ?? '');
    else if (c.nodeType === COMMENT) add(out, '#comment', c.nodeValue ?? '');
  }
  const hasAttributes = Object.keys(out).length > 0;
  if (!hasAttributes && !hasElements) return texts.length === 0 ? null : texts.join('');
  if (texts.length === 1) out['#text'] = texts[0];
  else if (texts.length > 1) out['#text'] = texts;
  return out;
}

/** json(<xml text>): the document as Json.NET's SerializeXmlNode shapes it. */
export function xmlToJson(fn: string, xmlText: string): Value {
  const doc = parseXml(fn, xmlText);
  const out: { [key: string]: Value } = {};
  for (const c of childrenOf(doc)) {
    if (c.nodeType === PROCESSING_INSTRUCTION)
      add(out, `?${c.nodeName}`, c.nodeName === 'xml' ? declarationToJson(c.nodeValue ?? '') : (c.nodeValue ?? ''));
    else if (c.nodeType === ELEMENT) add(out, c.nodeName, elementToJson(c));
  }
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON to XML for xml(): elements per property, arrays as repeated elements, `@attr` as attributes, `#text` as text. */
export function jsonToXml(name: string, v: Value): string {
  if (Array.isArray(v)) return v.map((x) => jsonToXml(name, x)).join('');
  if (isObject(v)) {
    const attrs = Object.entries(v).filter(([k]) => k.startsWith('@'));
    const children = Object.entries(v).filter(([k]) => !k.startsWith('@'));
    const text = children.find(([k]) => k === '#text');
    const attrText = attrs.map(([k, x]) => ` ${k.slice(1)}="${escapeXml(toText(x))}"`).join('');
    const inner = text ? escapeXml(toText(text[1])) : children.map(([k, x]) => jsonToXml(k, x)).join('');
    return `<${name}${attrText}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(toText(v))}</${name}>`;
}

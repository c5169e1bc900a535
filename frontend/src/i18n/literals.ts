//! Finds text in Vue templates that does not come from the message catalogues: literal text nodes,
//! literal text attributes and string literals shown through interpolation. Used by i18n.spec.ts.
import { parse } from 'vue/compiler-sfc';

/** Attributes whose value a person reads (Element Plus and HTML). */
const TEXT_ATTRS = new Set([
  'alt',
  'aria-label',
  'cancel-button-text',
  'confirm-button-text',
  'content',
  'description',
  'empty-text',
  'end-placeholder',
  'inactive-text',
  'active-text',
  'label',
  'message',
  'placeholder',
  'range-separator',
  'start-placeholder',
  'sub-title',
  'text',
  'title',
]);

const LETTER = /\p{L}/u;
const CJK = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/** Calls whose first argument is a message key, not text. */
const KEY_CALL = /\$?\b(?:t|te)\(\s*(?:'[^']*'|"[^"]*"|`[^`]*`)/g;
/** String literals compared against, which are codes, not text. */
const COMPARED = /[=!]==?\s*(?:'[^']*'|"[^"]*")|(?:'[^']*'|"[^"]*")\s*[=!]==?/g;
const STRING = /'([^'\\]|\\.)*'|"([^"\\]|\\.)*"|`([^`\\]|\\.)*`/g;

export interface Literal {
  line: number;
  text: string;
}

interface Node {
  type: number;
  content?: unknown;
  children?: Node[];
  props?: Prop[];
  loc: { start: { line: number } };
  branches?: Node[];
}
interface Prop {
  type: number;
  name: string;
  value?: { content: string };
  arg?: { content?: string };
  exp?: { content?: string };
  loc: { start: { line: number } };
}

const ELEMENT = 1;
const TEXT = 2;
const INTERPOLATION = 5;
const ATTRIBUTE = 6;
const DIRECTIVE = 7;

/** String literals in an expression that are shown as text (keys passed to t() excluded). */
function literalStrings(expression: string): string[] {
  const withoutKeys = expression.replace(KEY_CALL, 't(KEY').replace(COMPARED, '==');
  return (withoutKeys.match(STRING) ?? []).map((s) => s.slice(1, -1)).filter((s) => LETTER.test(s.replace(/\$\{[^}]*\}/g, '')));
}

export function findTemplateLiterals(source: string): Literal[] {
  const { descriptor } = parse(source);
  const ast = descriptor.template?.ast as unknown as Node | undefined;
  const found: Literal[] = [];
  const visit = (node: Node) => {
    if (node.type === TEXT && typeof node.content === 'string' && LETTER.test(node.content)) {
      found.push({ line: node.loc.start.line, text: node.content.trim() });
    }
    if (node.type === INTERPOLATION) {
      const content = (node.content as { content?: string } | undefined)?.content ?? '';
      for (const s of literalStrings(content)) found.push({ line: node.loc.start.line, text: s });
    }
    if (node.type === ELEMENT) {
      for (const prop of node.props ?? []) {
        if (prop.type === ATTRIBUTE) {
          const value = prop.value?.content ?? '';
          if ((TEXT_ATTRS.has(prop.name) && LETTER.test(value)) || CJK.test(value)) {
            found.push({ line: prop.loc.start.line, text: `${prop.name}="${value}"` });
          }
        } else if (prop.type === DIRECTIVE && prop.name === 'bind' && prop.exp?.content) {
          const arg = prop.arg?.content ?? '';
          const strings = literalStrings(prop.exp.content);
          for (const s of strings) {
            if (TEXT_ATTRS.has(arg) || CJK.test(s)) found.push({ line: prop.loc.start.line, text: `:${arg}="${s}"` });
          }
        } else if (prop.type === DIRECTIVE && prop.exp?.content && CJK.test(prop.exp.content)) {
          found.push({ line: prop.loc.start.line, text: prop.exp.content });
        }
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (ast) visit(ast);
  return found;
}

/** CJK text outside the catalogues: always a hard-coded string. */
export function findCjk(source: string): Literal[] {
  return source
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => CJK.test(l.text) && !l.text.startsWith('//') && !l.text.startsWith('*'));
}

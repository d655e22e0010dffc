import Handlebars from 'handlebars';
import Mustache from 'mustache';
import nunjucks from 'nunjucks';
import type { PromptDocument, TemplateEngine } from '../prompt/model';
import type { ChatMessage } from './types';

export type TemplateVars = Record<string, unknown>;

const ROLES: Record<string, ChatMessage['role']> = {
  system: 'system', developer: 'developer', user: 'user', assistant: 'assistant',
  model: 'assistant', ai: 'assistant', human: 'user',
};

/** Frontmatter defaults overlaid by the caller's values. */
export function inputValues(doc: PromptDocument, vars: TemplateVars): TemplateVars {
  const out: TemplateVars = {};
  for (const i of doc.frontmatter.inputs) if (i.default !== undefined) out[i.name] = i.default;
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) out[k] = v;
  return out;
}

/** Dotprompt schema fields written `name?` may be left out. */
function optionalInputs(doc: PromptDocument): Set<string> {
  const schema = (doc.frontmatter.raw.input as { schema?: unknown } | undefined)?.schema;
  const keys = schema && typeof schema === 'object' ? Object.keys(schema) : [];
  return new Set(keys.filter((k) => k.endsWith('?')).map((k) => k.slice(0, -1)));
}

/** Declared inputs and variables the messages use that have neither a value nor a default, in first-seen order. */
export function missingInputs(doc: PromptDocument, vars: TemplateVars): string[] {
  const values = inputValues(doc, vars);
  const optional = optionalInputs(doc);
  const names = [...doc.frontmatter.inputs.map((i) => i.name), ...doc.messages.flatMap((m) => m.variables.map((v) => v.name))];
  return [...new Set(names)].filter((n) => values[n] === undefined && !optional.has(n));
}

/** Renders each message on its own with the document's template engine. */
export function renderPrompt(doc: PromptDocument, vars: TemplateVars): ChatMessage[] {
  const values = inputValues(doc, vars);
  const render = renderer(doc.template);
  return doc.messages.map((m, i) => {
    let content: string;
    try {
      content = render(m.content, values);
    } catch (err) {
      throw new Error(`Template error in message ${i + 1} (${m.role}): ${(err as Error).message.split('\n')[0]}`);
    }
    const msg: ChatMessage = { role: ROLES[m.role.toLowerCase()] ?? 'user', content };
    if (m.name) msg.name = m.name;
    return msg;
  });
}

type Render = (template: string, values: TemplateVars) => string;

function renderer(engine: TemplateEngine): Render {
  switch (engine) {
    case 'jinja2': {
      // Prompts are not HTML: no escaping; a missing value renders empty, as in Prompty.
      const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
      return (t, v) => env.renderString(t, v);
    }
    case 'handlebars': {
      const hb = dotpromptHandlebars();
      return (t, v) => hb.compile(t, { noEscape: true })(v);
    }
    case 'mustache':
      return (t, v) => Mustache.render(t, v, {}, { escape: (s: unknown) => String(s) });
    case 'vscode':
      return substituteVscode;
    default:
      return substitutePlain;
  }
}

const stringify = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** `${input:name}` / `${input:name:placeholder}` and, when given, other `${name}` variables; the rest stay as written. */
function substituteVscode(t: string, v: TemplateVars): string {
  return t.replace(/\$\{(?:input:)?([A-Za-z_][\w.-]*)(?::[^}]*)?\}/g, (whole, name: string) => (v[name] === undefined ? whole : stringify(v[name])));
}

/** Plain text files: replace `{{name}}` for known names only, nothing else is syntax. */
function substitutePlain(t: string, v: TemplateVars): string {
  return t.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (whole, name: string) => (v[name] === undefined ? whole : stringify(v[name])));
}

/** Handlebars with dotprompt's helpers; role/history/section only mark structure the parser already split on. */
function dotpromptHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('role', () => '');
  hb.registerHelper('history', () => '');
  hb.registerHelper('section', () => '');
  // Messages are text only: media is dropped rather than sent as a URL the model cannot fetch.
  hb.registerHelper('media', () => '');
  hb.registerHelper('json', (value: unknown, options: { hash?: { indent?: number } }) =>
    new hb.SafeString(JSON.stringify(value, null, options?.hash?.indent ?? 0) ?? ''));
  hb.registerHelper('ifEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a === b ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper('unlessEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a !== b ? options.fn(this) : options.inverse(this);
  });
  return hb;
}

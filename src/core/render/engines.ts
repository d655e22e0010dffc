import Handlebars from 'handlebars';
import Mustache from 'mustache';
import nunjucks from 'nunjucks';
import type { TemplateEngine } from '../prompt/model';
import type { TemplateVars } from './types';

export type RenderText = (template: string, values: TemplateVars) => string;

/** One engine per template language; prompts are not HTML, so nothing is escaped. */
export function textRenderer(engine: TemplateEngine): RenderText {
  switch (engine) {
    case 'jinja2': {
      // A missing value renders empty, as in Prompty (its render vector `missing_variable_renders_empty`).
      const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
      return (t, v) => env.renderString(t, v);
    }
    case 'handlebars': {
      const hb = Handlebars.create();
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

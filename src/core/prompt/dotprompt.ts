import { num, obj, readFrontmatter, serialiseTools, setSampling, str } from './frontmatter';
import { LineIndex } from './lines';
import { hasText, sourceMessage } from './messages';
import type { Frontmatter, InputSpec, ParseProblem, PromptDocument, PromptMessage } from './model';
import { checkMustacheBlocks, scanMustacheTags, type Tag } from './tags';
import { assignVariables, handlebarsVariables } from './variables';

const ROLE_HELPER = /^#?\s*role\s+(?:"([^"]*)"|'([^']*)')\s*$/;
const PROVIDER_PREFIX: Record<string, string> = { googleai: 'google', vertexai: 'google' };

/** Input names from Picoschema (`name?(type, desc): string, desc`) or a JSON Schema `properties` map. */
function schemaInputs(schema: unknown): InputSpec[] {
  const o = obj(schema);
  if (!o) return [];
  const jsonSchemaProps = o.type === 'object' ? obj(o.properties) : undefined;
  const inputs: InputSpec[] = [];
  for (const [key, value] of Object.entries(jsonSchemaProps ?? o)) {
    const name = key.replace(/[?(].*$/s, '').trim();
    if (!name) continue;
    const input: InputSpec = { name };
    const description = jsonSchemaProps ? str(obj(value)?.description)
      : /\(\s*[^,)]*,\s*([^)]+)\)/.exec(key)?.[1]?.trim() ?? (typeof value === 'string' ? str(value.split(',').slice(1).join(',')) : str(obj(value)?.description));
    if (description) input.description = description;
    inputs.push(input);
  }
  return inputs;
}

/** Dotprompt frontmatter: `model`, `config.*`, `input.schema` / `input.default`; the model stays as written. */
function normalise(fm: Frontmatter): void {
  const raw = fm.raw;
  const model = str(raw.model);
  if (model) {
    fm.model = model;
    const prefix = /^([\w-]+)\//.exec(model)?.[1];
    if (prefix) fm.provider = PROVIDER_PREFIX[prefix] ?? prefix;
  }
  const config = obj(raw.config);
  setSampling(fm, { maxOutputTokens: num(config?.maxOutputTokens), temperature: num(config?.temperature), seed: num(config?.seed) });
  const input = obj(raw.input);
  fm.inputs.push(...schemaInputs(input?.schema));
  const defaults = obj(input?.default);
  if (defaults) for (const [name, value] of Object.entries(defaults)) {
    const spec = fm.inputs.find(i => i.name === name);
    if (spec) spec.default = value;
    else fm.inputs.push({ name, default: value });
  }
}

/** Splits the body at `{{role "x"}}` (also `{{#role "x"}}…{{/role}}`); `model` maps to `assistant`. */
function splitRoles(text: string, bodyStart: number, tags: Tag[], index: LineIndex): PromptMessage[] {
  const messages: PromptMessage[] = [];
  let role = 'user';
  let from = bodyStart;
  let explicit = false;
  // Implicit segments (before the first role, after `{{/role}}`) count only when they hold more than comments.
  const comments = tags.filter(t => t.kind === 'comment');
  const close = (to: number) => {
    if (explicit || hasPlainText(text, from, to, comments)) messages.push(sourceMessage(role, text, from, to, index));
  };
  for (const tag of tags) {
    if (tag.kind !== 'output') continue;
    const m = ROLE_HELPER.exec(tag.inner);
    if (m) {
      close(tag.start);
      const name = (m[1] ?? m[2]).trim().toLowerCase();
      role = name === 'model' ? 'assistant' : name;
      explicit = true;
      from = tag.end;
    } else if (/^\/\s*role$/.test(tag.inner)) {
      close(tag.start);
      explicit = false;
      from = tag.end;
    }
  }
  close(text.length);
  return messages;
}

/** Whether text[from, to) holds non-space outside comments; looks only at the comments in range (binary search), so many segments stay linear. */
function hasPlainText(text: string, from: number, to: number, comments: Tag[]): boolean {
  let lo = 0, hi = comments.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (comments[mid].start < from) lo = mid + 1; else hi = mid; }
  let p = from;
  for (let k = lo; k < comments.length && comments[k].end <= to; k++) {
    if (hasText(text, p, comments[k].start)) return true;
    p = comments[k].end;
  }
  return hasText(text, p, to);
}

/** `.prompt` (Dotprompt): YAML frontmatter (a `#` licence header may precede it), then a Handlebars template. */
export function parseDotprompt(text: string): PromptDocument {
  const index = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const { frontmatter, bodyStart } = readFrontmatter(text, index, problems, { allowHeaderComments: true });
  normalise(frontmatter);
  const tags = scanMustacheTags(text, bodyStart, text.length, index, problems, true);
  checkMustacheBlocks(tags, index, problems);
  const messages = splitRoles(text, bodyStart, tags, index);
  assignVariables(messages, handlebarsVariables(tags, index));
  const doc: PromptDocument = { format: 'dotprompt', template: 'handlebars', text, frontmatter, messages, problems };
  const tools = serialiseTools(frontmatter.raw.tools);
  if (tools) doc.tools = tools;
  return doc;
}

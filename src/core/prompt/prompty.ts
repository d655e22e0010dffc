import { applySampleDefaults, modelParameters, num, obj, readFrontmatter, readInputs, serialiseTools, setSampling, str } from './frontmatter';
import { LineIndex } from './lines';
import { promptyToolsToWire } from './promptyWire';
import { hasText, sourceMessage } from './messages';
import type { Frontmatter, ParseProblem, PromptDocument, PromptMessage, TemplateEngine } from './model';
import { checkJinjaBlocks, checkMustacheBlocks, scanJinjaTags, scanMustacheTags } from './tags';
import { assignVariables, jinjaVariables, mustacheVariables } from './variables';

/** A line holding only a role, e.g. `system:`, `# User:`, `user[name="Alice"]:`; `developer` is accepted too. */
// No two adjacent `[ \t]*`: on a line of thousands of spaces they made matching quadratic.
const ROLE_LINE = /^[ \t]*(?:#+[ \t]*)?(system|user|assistant|developer)[ \t]*(?:(\[[^\]\n]*\])[ \t]*)?:[ \t]*\r?$/gim;

/** Splits text[from, to) at role lines; text before the first one gets `leadingRole` and is dropped when empty. */
export function splitRoleLines(text: string, from: number, to: number, index: LineIndex, leadingRole: string): PromptMessage[] {
  const body = text.slice(from, to);
  const markers = [...body.matchAll(ROLE_LINE)].map(m => ({
    role: m[1].toLowerCase(),
    name: /\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,\]\s]+))/.exec(m[2] ?? '')?.slice(1).find(v => v !== undefined),
    start: from + m.index!,
    end: from + m.index! + m[0].length,
  }));
  const messages: PromptMessage[] = [];
  const firstStart = markers[0]?.start ?? to;
  if (hasText(text, from, firstStart)) messages.push(sourceMessage(leadingRole, text, from, firstStart, index));
  markers.forEach((m, k) => messages.push(sourceMessage(m.role, text, m.end, markers[k + 1]?.start ?? to, index, m.name)));
  return messages;
}

export function hasRoleLines(text: string): boolean {
  ROLE_LINE.lastIndex = 0;
  const found = ROLE_LINE.test(text);
  ROLE_LINE.lastIndex = 0;
  return found;
}

const PROVIDERS: Record<string, string> = { azure_openai: 'azure', azure: 'azure', openai: 'openai', anthropic: 'anthropic', foundry: 'foundry' };

/** Prompty v2 (`model.id`, `model.options`) and v1 (`model.configuration`, `model.parameters`, `sample`). */
function normalise(fm: Frontmatter): TemplateEngine {
  const raw = fm.raw;
  const model = obj(raw.model);
  const configuration = obj(model?.configuration);
  const parameters = obj(model?.parameters);
  const options = obj(model?.options);
  const id = str(raw.model) ?? str(model?.id) ?? str(configuration?.azure_deployment) ?? str(configuration?.name) ?? str(configuration?.model) ?? str(parameters?.model);
  if (id) fm.model = id;
  const provider = str(model?.provider) ?? PROVIDERS[str(configuration?.type)?.toLowerCase() ?? ''];
  if (provider) fm.provider = provider;
  setSampling(fm, {
    maxOutputTokens: num(options?.maxOutputTokens) ?? num(parameters?.max_tokens) ?? num(parameters?.max_completion_tokens),
    temperature: num(options?.temperature) ?? num(parameters?.temperature),
    seed: num(options?.seed) ?? num(parameters?.seed),
  });
  readInputs(raw.inputs, fm.inputs);
  readInputs(obj(raw.inputSchema)?.properties, fm.inputs);
  applySampleDefaults(fm.inputs, raw.sample);
  const template = obj(raw.template);
  const formatName = str(raw.template) ?? str(template?.format) ?? str(obj(template?.format)?.kind) ?? str(template?.type) ?? '';
  return formatName.toLowerCase() === 'mustache' ? 'mustache' : 'jinja2';
}

/** `.prompty`: YAML frontmatter (`---` or `+++`), then role lines; text before the first role is the system message. */
export function parsePrompty(text: string): PromptDocument {
  const index = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const { frontmatter, bodyStart } = readFrontmatter(text, index, problems, { fences: ['---', '+++'] });
  const template = normalise(frontmatter);
  const messages = splitRoleLines(text, bodyStart, text.length, index, 'system');
  const doc: PromptDocument = { format: 'prompty', template, text, frontmatter, messages, problems };
  const wire = promptyToolsToWire(frontmatter.raw.tools);
  if (wire.unsent.length) problems.push(unsentToolsProblem(text, frontmatter, index, wire.unsent));
  // Prompty v1's model.parameters go to the API as they are, OpenAI-shaped tools included.
  const tools = serialiseTools(wire.tools) ?? serialiseTools(modelParameters(frontmatter.raw)?.tools);
  if (tools) doc.tools = tools;
  applyTemplate(doc, bodyStart, index);
  return doc;
}

/** Warns on the `tools:` line (else the frontmatter's first) that these tools are neither counted nor sent. */
function unsentToolsProblem(text: string, fm: Frontmatter, index: LineIndex, unsent: string[]): ParseProblem {
  const start = fm.start ?? 0;
  const block = text.slice(start, fm.end ?? start);
  const key = /^tools[ \t]*:/m.exec(block);
  const from = start + (key?.index ?? 0);
  const to = key ? from + key[0].length : start + (block.indexOf('\n') < 0 ? block.length : block.indexOf('\n'));
  const message = `Not counted or sent: ${unsent.join(', ')}. Promptmeter cannot list an mcp, openapi or custom tool's functions without its server; declare them as kind: function to count them.`;
  return { message, range: index.range(from, to), severity: 'warning' };
}

/** Scans the body's template tags once: syntax problems for the document, variables for each message. */
export function applyTemplate(doc: PromptDocument, bodyStart: number, index: LineIndex): void {
  const { text, problems, messages } = doc;
  if (doc.template === 'mustache') {
    const tags = scanMustacheTags(text, bodyStart, text.length, index, problems, false);
    checkMustacheBlocks(tags, index, problems);
    assignVariables(messages, mustacheVariables(tags, index));
  } else if (doc.template === 'jinja2') {
    const tags = scanJinjaTags(text, bodyStart, text.length, index, problems);
    checkJinjaBlocks(tags, index, problems);
    assignVariables(messages, jinjaVariables(tags, index));
  }
}

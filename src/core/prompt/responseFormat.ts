import { modelParameters } from './frontmatter';
import type { PromptDocument } from './model';
import { outputsToWire } from './promptyWire';

/** A `response_format` of type `json_schema`, as OpenAI's Chat Completions API takes it. */
export interface ResponseSchema {
  name: string;
  description?: string;
  schema: Record<string, unknown>;
  strict?: boolean;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `{type: 'json_schema', json_schema: {name, schema, ...}}`, else undefined. */
export function responseSchemaOf(rf: unknown): ResponseSchema | undefined {
  if (!isObj(rf) || rf.type !== 'json_schema' || !isObj(rf.json_schema) || !isObj(rf.json_schema.schema)) return undefined;
  const js = rf.json_schema;
  return {
    name: typeof js.name === 'string' && js.name ? js.name : 'response',
    ...(typeof js.description === 'string' && js.description ? { description: js.description } : {}),
    schema: js.schema as Record<string, unknown>,
    ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
  };
}

/**
 * The `response_format` a file declares: chat JSON `response_format`, Prompty v1 `model.parameters.response_format`,
 * else Prompty v2 `outputs` as Prompty's runtime sends them (v1 wins when a file has both).
 */
export function declaredResponseFormat(doc: PromptDocument): unknown {
  const raw = doc.frontmatter.raw;
  if (doc.format === 'chat-json') return raw.response_format;
  const v1 = modelParameters(raw)?.response_format;
  if (v1 !== undefined || doc.format !== 'prompty') return v1;
  return outputsToWire(raw.outputs ?? (isObj(raw.outputSchema) ? raw.outputSchema.properties : undefined));
}

/** The JSON schema the file asks the answer to follow, sent as OpenAI's `json_schema` response format. */
export function declaredResponseSchema(doc: PromptDocument): ResponseSchema | undefined {
  return responseSchemaOf(declaredResponseFormat(doc));
}

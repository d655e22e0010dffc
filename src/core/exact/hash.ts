// A stable hash of a count request: the same request body, in any key order, hashes the same.
import { createHash } from 'node:crypto';

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** sha256 of provider + body. The body holds the prompt only; keys travel in headers and never reach here. */
export function countRequestHash(provider: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([provider, stable(body)])).digest('hex');
}

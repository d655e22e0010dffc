// Entries read back from disk or a shared Redis are only served when their HMAC matches: a forged entry that
// passes the schema check would otherwise be shown to the user as a real answer.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CacheEntry, isCacheEntry } from './entry';

const tagOf = (secret: string, body: string): string => createHmac('sha256', secret).update(body).digest('base64url');

/** The stored text: the entry's JSON plus `tag`, an HMAC over that JSON. */
export function sealEntry(entry: CacheEntry, secret: string): string {
  const body = JSON.stringify(entry);
  return JSON.stringify({ tag: tagOf(secret, body), body });
}

export type Opened = { entry: CacheEntry } | { problem: 'unreadable' | 'forged' | 'invalid' };

/** The entry in `text`, or why it must not be served. */
export function openEntry(text: string, secret: string, key?: string): Opened {
  let outer: unknown;
  try { outer = JSON.parse(text); } catch { return { problem: 'unreadable' }; }
  const o = outer as { tag?: unknown; body?: unknown } | null;
  if (typeof o?.tag !== 'string' || typeof o.body !== 'string') return { problem: 'forged' };
  const want = Buffer.from(tagOf(secret, o.body));
  const got = Buffer.from(o.tag);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { problem: 'forged' };
  let entry: unknown;
  try { entry = JSON.parse(o.body); } catch { return { problem: 'invalid' }; }
  return isCacheEntry(entry, key) ? { entry } : { problem: 'invalid' };
}

/**
 * A per-user random secret kept in `file` (mode 0600), created on first use (synchronous: a tiny file, read
 * once when a pipeline is built): the CLI's key for its disk cache,
 * outside the cache directory so whoever can write cache files cannot also sign them.
 */
export function userSecret(file: string): string {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes racing both end up with the winner's secret.
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return fs.readFileSync(file, 'utf8').trim();
  }
}

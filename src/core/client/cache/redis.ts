import { createClient } from 'redis';
import { type CacheEntry, type CacheLayerStore, type ClearFilter, matchesFilter } from './entry';
import { openEntry, sealEntry } from './integrity';

export interface RedisLayerOptions {
  /** `promptmeter.redisUrl`, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** Key prefix; entries live under `<namespace><cacheKey>`. */
  namespace?: string;
  /** Shared secret the entries' integrity tags are keyed with (every user of the Redis needs the same one). */
  secret: string;
  /** Called once per outage, besides the log line (the CLI prints it on stderr). */
  onUnavailable?: (message: string) => void;
  /** Longest wait for one command before it counts as a miss. */
  opTimeoutMs?: number;
  /** How long to stay away after a failed connection before trying again. */
  retryAfterMs?: number;
  log?: (line: string) => void;
}

export const REDIS_NAMESPACE = 'promptmeter:v1:';

type Client = ReturnType<typeof createClient>;

/** Shows a Redis URL without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch { return '(invalid redis url)'; }
}

/** Optional shared layer: any Redis problem is logged once per outage and treated as a miss. */
export function redisLayer(opts: RedisLayerOptions): CacheLayerStore {
  const ns = opts.namespace ?? REDIS_NAMESPACE;
  const opTimeoutMs = opts.opTimeoutMs ?? 1000;
  const retryAfterMs = opts.retryAfterMs ?? 30_000;
  let client: Client | undefined;
  let connecting: Promise<Client | undefined> | undefined;
  let downUntil = 0;
  let reported = false;

  function fail(err: unknown): undefined {
    if (!reported) {
      const line = `promptmeter cache: Redis at ${redactUrl(opts.url)} unavailable (${(err as Error)?.message ?? err}); continuing without it`;
      opts.log?.(line);
      opts.onUnavailable?.(line);
    }
    reported = true;
    downUntil = Date.now() + retryAfterMs;
    const c = client;
    client = undefined;
    try { c?.destroy(); } catch { /* already closed */ }
    return undefined;
  }

  async function connect(): Promise<Client | undefined> {
    const c: Client = createClient({
      url: opts.url,
      // Commands fail at once while disconnected instead of queueing behind a dead socket.
      disableOfflineQueue: true,
      socket: { connectTimeout: opTimeoutMs, reconnectStrategy: false },
    });
    c.on('error', (err) => { if (client === c) fail(err); });
    client = c;
    try {
      await withTimeout(c.connect(), opTimeoutMs);
      reported = false;
      return c;
    } catch (err) {
      if (client === c) fail(err);
      else try { c.destroy(); } catch { /* ignore */ }
      return undefined;
    }
  }

  async function ready(): Promise<Client | undefined> {
    if (client?.isReady) return client;
    if (connecting) return connecting;
    if (Date.now() < downUntil) return undefined;
    connecting = connect().finally(() => { connecting = undefined; });
    return connecting;
  }

  async function run<T>(op: (c: Client) => Promise<T>): Promise<T | undefined> {
    const c = await ready();
    if (!c) return undefined;
    try { return await withTimeout(op(c), opTimeoutMs); } catch (err) { return fail(err); }
  }

  function parse(raw: string | null | undefined, key?: string): CacheEntry | undefined {
    if (typeof raw !== 'string') return undefined;
    const opened = openEntry(raw, opts.secret, key);
    if ('entry' in opened) return opened.entry;
    if (opened.problem === 'forged') opts.log?.(`promptmeter cache: refused a Redis entry whose integrity tag does not match (${key ?? 'scan'}); is promptmeter's Redis secret the same for every user?`);
    return undefined;
  }

  /** GET, repairing a key of another type (a LIST...) that would otherwise miss forever. */
  async function getString(c: Client, k: string): Promise<string | null> {
    try {
      return await c.get(k);
    } catch (err) {
      if (!/WRONGTYPE/.test((err as Error)?.message ?? '')) throw err;
      opts.log?.(`promptmeter cache: Redis key ${k} held another type; deleted so it can be rewritten`);
      await c.del(k);
      return null;
    }
  }

  return {
    name: 'redis',
    async get(key) {
      const raw = await run((c) => getString(c, ns + key));
      const e = parse(raw, key);
      if (raw != null && !e) await run((c) => c.del(ns + key)); // junk under our namespace
      return e && e.expiresAt > Date.now() ? e : undefined;
    },
    async set(key, entry, ttlSeconds) {
      await run((c) => c.set(ns + key, sealEntry(entry, opts.secret), { expiration: { type: 'EX', value: Math.max(1, Math.ceil(ttlSeconds)) } }));
    },
    async delete(key) { await run((c) => c.del(ns + key)); },
    async clear(filter?: ClearFilter) {
      const removed = await run(async (c) => {
        let n = 0;
        const now = Date.now();
        for await (const keys of c.scanIterator({ MATCH: `${escapeGlob(ns)}*`, COUNT: 200 })) {
          if (keys.length === 0) continue;
          let doomed = keys;
          if (filter && !('all' in filter)) {
            const values = await c.mGet(keys);
            const entries = values.map((raw) => parse(raw));
            doomed = keys.filter((_, i) => { const e = entries[i]; return !e || matchesFilter(e, filter, now); });
            n -= keys.filter((_, i) => !entries[i]).length; // junk is removed but not counted
          }
          if (doomed.length) { await c.del(doomed); n += doomed.length; }
        }
        return n;
      });
      return removed ?? 0;
    },
    async dispose() {
      const c = client;
      client = undefined;
      downUntil = Number.POSITIVE_INFINITY;
      if (c?.isOpen) await c.close().catch(() => c.destroy());
    },
  };
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

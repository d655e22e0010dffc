// `count --exact`: the provider's own count of each file's request, keys from the environment, cached on disk.
import * as path from 'node:path';
import { CalibrationTable } from '../core/exact/calibration';
import { CountCache } from '../core/exact/countCache';
import { ExactCounter } from '../core/exact/exactCounter';
import { RateLimiter } from '../core/exact/rateLimit';
import { DEFAULTS } from '../core/settings';
import { cacheDir } from './run';

export function cliExactCounter(env: NodeJS.ProcessEnv): ExactCounter {
  const dir = cacheDir(env);
  return new ExactCounter({
    cache: new CountCache(path.join(dir, 'count-cache.json')),
    calibration: new CalibrationTable(path.join(dir, 'calibration.json')),
    limiter: new RateLimiter(() => DEFAULTS.exactCountsRequestsPerMinute),
    apiKey: async (p) => (p === 'anthropic' ? env.ANTHROPIC_API_KEY : env.OPENAI_API_KEY)?.trim() || undefined,
    baseUrl: (p) => ((p === 'anthropic' ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL) ?? '').trim().replace(/\/+$/, ''),
  });
}

import { parse as parseYaml } from 'yaml';
import picomatch from 'picomatch';

/** Limits for one set of files; a missing field is no limit. */
export interface Gates {
  maxUsdPerCall?: number;
  maxTokens?: number;
  maxIncreasePct?: number;
  maxUsdPerMonth?: number;
  failOn?: 'lint-error' | 'lint-warning';
}

export interface GateRule extends Gates { files: string }

const KEYS: Record<string, keyof Gates> = {
  maxUsdPerCall: 'maxUsdPerCall', 'max-usd-per-call': 'maxUsdPerCall', maxTokens: 'maxTokens', 'max-tokens': 'maxTokens',
  maxIncreasePct: 'maxIncreasePct', 'max-increase-pct': 'maxIncreasePct', maxUsdPerMonth: 'maxUsdPerMonth', 'max-usd-per-month': 'maxUsdPerMonth',
  failOn: 'failOn', 'fail-on': 'failOn',
};

/** Checks one gate value; throws a message that names the key. */
export function gateValue(key: keyof Gates, value: unknown): Gates[keyof Gates] {
  if (key === 'failOn') {
    if (value !== 'lint-error' && value !== 'lint-warning') throw new Error(`${key} must be lint-error or lint-warning, got ${JSON.stringify(value)}`);
    return value;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${key} must be a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * `.promptmeter.yaml`: `gates:` a list of `{files: <glob>, maxUsdPerCall, maxTokens, maxIncreasePct, maxUsdPerMonth,
 * failOn}`; every rule whose glob matches a file applies to it, later rules overriding earlier ones.
 */
export function parseGateConfig(text: string): GateRule[] {
  const doc = parseYaml(text, { maxAliasCount: 100 }) as unknown;
  const gates = (doc as { gates?: unknown } | null)?.gates;
  if (!Array.isArray(gates)) throw new Error('.promptmeter.yaml needs a "gates" list');
  return gates.map((g, i) => {
    if (typeof g !== 'object' || g === null) throw new Error(`gates[${i}] must be a mapping`);
    const rule: GateRule = { files: '**/*' };
    for (const [k, v] of Object.entries(g as Record<string, unknown>)) {
      if (k === 'files') { if (typeof v !== 'string') throw new Error(`gates[${i}].files must be a glob`); rule.files = v; continue; }
      const key = KEYS[k];
      if (!key) throw new Error(`gates[${i}]: unknown key "${k}"`);
      (rule as unknown as Record<string, unknown>)[key] = gateValue(key, v);
    }
    return rule;
  });
}

/** The gates for one repository-relative path: matching config rules, then the command-line flags on top. */
export function gatesFor(path: string, rules: readonly GateRule[], flags: Gates): Gates {
  const out: Gates = {};
  for (const r of rules) {
    if (!picomatch(r.files, { dot: true })(path)) continue;
    const { files: _files, ...g } = r;
    Object.assign(out, g);
  }
  return { ...out, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
}

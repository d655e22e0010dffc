const SECRET_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI and Anthropic (sk-ant-...) keys
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /((?:api[-_]?key|x-api-key|authorization|access[-_]?token|token|key|secret)["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
];

/** An error message safe to store: known secrets and key-shaped strings removed, length capped. */
export function redactSecrets(text: string, secrets: Iterable<string> = [], maxLength = 500): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  for (const re of SECRET_PATTERNS) {
    out = out.replace(re, (match, prefix?: string) =>
      typeof prefix === 'string' && /[:=]/.test(prefix) ? `${prefix}[redacted]` : match.replace(/\S+$/, '[redacted]'));
  }
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

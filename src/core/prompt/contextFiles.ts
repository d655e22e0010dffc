// Always-on context files: instructions agents and Copilot send with every turn.

export type ContextFileKind = 'AGENTS.md' | 'CLAUDE.md' | 'Copilot instructions' | 'Cursor rules';

/** What always-on file `fileName` is (any path separator), or undefined for an ordinary file. */
export function contextFileKind(fileName: string): ContextFileKind | undefined {
  const p = fileName.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base === 'AGENTS.md') return 'AGENTS.md';
  if (base === 'CLAUDE.md' || base === 'CLAUDE.local.md') return 'CLAUDE.md';
  if (/(^|\/)\.github\/copilot-instructions\.md$/.test(p) || /(^|\/)\.github\/instructions\/[^/]+\.instructions\.md$/.test(p)) return 'Copilot instructions';
  if (/(^|\/)\.cursor\/rules\/.+\.(mdc|md)$/.test(p) || base === '.cursorrules') return 'Cursor rules';
  return undefined;
}

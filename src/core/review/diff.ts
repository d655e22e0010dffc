import { detectFormat } from '../prompt';
import { toUSD } from '../ledger/record';
import { changedFiles, type ChangeStatus, fileAt } from './git';
import { measurePrompt, type MeasureOptions, prefixNote, type SideCost } from './measure';

export type VolumeSource = 'frontmatter' | 'ledger' | 'default';
export interface Volume { callsPerDay: number; source: VolumeSource }

export interface MessageDelta { index: number; role: string; before?: number; after?: number; delta: number }

export interface FileDiff {
  path: string;
  oldPath?: string;
  status: ChangeStatus;
  before?: SideJson;
  after?: SideJson;
  inputTokensDelta: number;
  /** null when either side is unpriced. */
  perCallUSDDelta: number | null;
  monthlyUSDDelta: number | null;
  volume: Volume;
  messages: MessageDelta[];
  /** The cacheable prefix's change, when it moved. */
  prefix?: string;
  estimated: boolean;
}

export interface SideJson { model: string; inputTokens: number; perCallUSD: number | null; staticPrefixTokens: number; estimated: boolean }

export interface DiffReport { base: string; head: string; files: FileDiff[] }

export interface DiffOptions extends MeasureOptions {
  root: string;
  base: string;
  /** Undefined: the working tree. */
  head?: string;
  /** Calls per day when neither the frontmatter nor the ledger says. */
  defaultCallsPerDay: number;
  /** Observed calls per day for a repository path, from the spend ledger (last 30 days). */
  observedCallsPerDay?: (path: string) => number | undefined;
}

const DAYS_PER_MONTH = 30;

/** Per-call and per-month change of every prompt file changed between two revisions. */
export async function diffPrompts(o: DiffOptions): Promise<DiffReport> {
  const files: FileDiff[] = [];
  for (const change of await changedFiles(o.root, o.base, o.head)) {
    const beforePath = change.oldPath ?? change.path;
    const [beforeText, afterText] = await Promise.all([
      change.status === 'added' ? undefined : fileAt(o.root, o.base, beforePath),
      change.status === 'deleted' ? undefined : fileAt(o.root, o.head, change.path),
    ]);
    const isPrompt = (text: string | undefined, p: string) => text !== undefined && detectFormat(p, text) !== undefined;
    if (!isPrompt(afterText, change.path) && !isPrompt(beforeText, beforePath)) continue;
    const before = beforeText === undefined ? undefined : measurePrompt(beforeText, beforePath, o);
    const after = afterText === undefined ? undefined : measurePrompt(afterText, change.path, o);
    files.push(fileDiff(change.path, change.oldPath, change.status, before, after, volumeFor(change.path, after ?? before, o)));
  }
  return { base: o.base, head: o.head ?? 'working tree', files };
}

/** Frontmatter `promptmeter.callsPerDay`, else what the ledger observed, else the default. */
export function volumeFor(path: string, side: SideCost | undefined, o: Pick<DiffOptions, 'defaultCallsPerDay' | 'observedCallsPerDay'>): Volume {
  if (side?.callsPerDay !== undefined) return { callsPerDay: side.callsPerDay, source: 'frontmatter' };
  const seen = o.observedCallsPerDay?.(path);
  if (seen !== undefined && seen > 0) return { callsPerDay: seen, source: 'ledger' };
  return { callsPerDay: o.defaultCallsPerDay, source: 'default' };
}

export function fileDiff(path: string, oldPath: string | undefined, status: ChangeStatus, before: SideCost | undefined, after: SideCost | undefined, volume: Volume): FileDiff {
  const tokens = (s?: SideCost) => s?.inputTokens ?? 0;
  const money = (s?: SideCost) => (s === undefined ? 0 : s.perCallMicros);
  const b = money(before); const a = money(after);
  const perCall = a === null || b === null ? null : a - b;
  const count = Math.max(before?.messages.length ?? 0, after?.messages.length ?? 0);
  const messages: MessageDelta[] = [];
  for (let i = 0; i < count; i++) {
    const x = before?.messages[i]; const y = after?.messages[i];
    const delta = (y?.tokens ?? 0) - (x?.tokens ?? 0);
    if (delta === 0 && x?.role === y?.role) continue;
    messages.push({ index: i, role: (y ?? x)!.role, ...(x ? { before: x.tokens } : {}), ...(y ? { after: y.tokens } : {}), delta });
  }
  const side = (s?: SideCost): SideJson | undefined => s && {
    model: s.model, inputTokens: s.inputTokens, perCallUSD: s.perCallMicros === null ? null : toUSD(s.perCallMicros),
    staticPrefixTokens: s.staticPrefixTokens, estimated: s.estimated,
  };
  const prefix = prefixNote(before, after);
  return {
    path, ...(oldPath ? { oldPath } : {}), status, before: side(before), after: side(after),
    inputTokensDelta: tokens(after) - tokens(before),
    perCallUSDDelta: perCall === null ? null : toUSD(perCall),
    monthlyUSDDelta: perCall === null ? null : toUSD(Math.round(perCall * volume.callsPerDay * DAYS_PER_MONTH)),
    volume, messages, ...(prefix ? { prefix } : {}),
    estimated: !!(before?.estimated || after?.estimated),
  };
}

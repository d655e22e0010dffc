import { LineIndex } from '../prompt/lines';
import type { PromptDocument, PromptMessage } from '../prompt/model';
import { countChat, countingRuleFor, countTokens, type EncodingName } from '../tokens';
import { messageOverheadTokens } from '../tokens/chat';
import { fenceSpans, hardProtectedSpans, protectedSpans } from './protectedSpans';
import { gaps, overlapsSpan, type Span } from './spans';
import { tokensSavedBy } from './tokenDelta';
import type { Finding, Fix, LintOptions, TextEdit } from './types';

/** What every rule reads: the document, its encoder, protected spans and helpers to build findings. */
export class LintContext {
  readonly text: string;
  readonly lines: LineIndex;
  readonly encoding: EncodingName;
  readonly provider: string;
  readonly protected: Span[];

  constructor(readonly doc: PromptDocument, readonly options: LintOptions) {
    this.text = doc.text;
    this.lines = new LineIndex(doc.text);
    const rule = countingRuleFor(options.model);
    this.encoding = rule.encoding;
    this.provider = doc.frontmatter.provider ?? rule.provider;
    this.protected = protectedSpans(doc);
  }

  get model(): string { return this.options.model; }

  /** Pieces of a message's source that rules may read and edit. */
  prose(m: PromptMessage): Span[] { return gaps(this.protected, m.start, m.end); }

  isProtected(start: number, end: number): boolean { return overlapsSpan(this.protected, start, end); }

  /** Overlaps code, tags, comments or example blocks (quoted strings allowed). */
  readonly hardProtected = (start: number, end: number): boolean => overlapsSpan(hardProtectedSpans(this.doc), start, end);

  private fences?: Span[];
  inCodeFence(start: number, end: number): boolean {
    this.fences ??= fenceSpans(this.text);
    return overlapsSpan(this.fences, start, end);
  }

  saved(edits: readonly TextEdit[]): number { return tokensSavedBy(this.doc, edits, this.encoding); }

  private input?: number;
  /** What the API bills as input for the whole file (chat overhead and tools included). */
  get inputTokens(): number {
    if (this.input === undefined) {
      const msgs = this.doc.messages;
      const chat = countChat(this.model, msgs.map((m) => ({ role: m.role, name: m.name, content: '' })));
      this.input = chat.inputTokens + msgs.reduce((n, _m, i) => n + this.messageTokens(i), 0) + (this.doc.tools ? countTokens(this.encoding, this.doc.tools) : 0);
    }
    return this.input;
  }

  private contentTokens: number[] = [];
  /** Tokens of message `i`'s content, counted once per lint. */
  messageTokens(i: number): number {
    return (this.contentTokens[i] ??= countTokens(this.encoding, this.doc.messages[i].content));
  }

  /** Exact tokens of message `i` between two offsets; chat JSON literals count only as whole messages. */
  tokensIn(i: number, from: number, to: number): number {
    const m = this.doc.messages[i];
    if (from <= m.start && to >= m.end) return this.messageTokens(i);
    if (this.doc.format === 'chat-json') return 0;
    return to > from ? countTokens(this.encoding, this.text.slice(Math.max(from, m.start), Math.min(to, m.end))) : 0;
  }

  /** Tokens a provider would see before `offset` in message `i`: tools, earlier messages with their overhead, then text. */
  prefixTokens(i: number, offset: number): number {
    let n = this.doc.tools ? countTokens(this.encoding, this.doc.tools) : 0;
    for (let k = 0; k < i; k++) {
      const m = this.doc.messages[k];
      n += messageOverheadTokens(this.encoding, m.role) + this.tokensIn(k, m.start, m.end);
    }
    const m = this.doc.messages[i];
    return m ? n + messageOverheadTokens(this.encoding, m.role) + this.tokensIn(i, m.start, offset) : n;
  }

  /** The first line of the first message: where file-wide findings point. */
  firstLine(): [number, number] {
    const m = this.doc.messages[0];
    if (!m) return [0, 0];
    const nl = this.text.indexOf('\n', m.start);
    return [m.start, nl < 0 || nl > m.end ? m.end : nl];
  }

  messageAt(offset: number): PromptMessage | undefined {
    return this.doc.messages.find((m) => offset >= m.start && offset <= m.end);
  }

  finding(ruleId: string, start: number, end: number, message: string, fix?: Fix, tokensSaved = 0): Finding {
    return { ruleId, start, end, range: this.lines.range(start, end), severity: 'warning', message, ...(fix ? { fix } : {}), tokensSaved };
  }

  /**
   * A finding whose fix is one edit that saves tokens, or undefined when it saves none. `saves` is "N tokens";
   * the fix title gets "(saves N tokens)" appended.
   */
  savingFinding(ruleId: string, start: number, end: number, edit: TextEdit, title: string, message: (saves: string) => string, saved = this.saved([edit])): Finding | undefined {
    if (saved <= 0) return undefined;
    const saves = plural(saved, 'token');
    return this.finding(ruleId, start, end, message(saves), { title: `${title} (saves ${saves})`, edits: [edit] }, saved);
  }
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

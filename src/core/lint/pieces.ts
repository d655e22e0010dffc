import type { TextEdit } from './types';

/** A run of the original text, or text a fix wrote. */
type Piece = { from: number; to: number } | { text: string };

function length(p: Piece): number { return 'text' in p ? p.text.length : p.to - p.from; }

function slice(p: Piece, a: number, b: number): Piece {
  return 'text' in p ? { text: p.text.slice(a, b) } : { from: p.from + a, to: p.from + b };
}

/**
 * The current text as pieces of the original and written text, so edits applied over several passes can be
 * replayed on the original as one set of small edits (one undo step, cursor and folding kept elsewhere).
 */
export class PieceText {
  private pieces: Piece[];

  constructor(private readonly original: string) {
    this.pieces = original ? [{ from: 0, to: original.length }] : [];
  }

  /** Applies non-overlapping edits given in offsets of the current text. */
  apply(edits: readonly TextEdit[]): void {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Piece[] = [];
    let k = 0;
    let pos = 0; // offset in the current text where pieces[k] starts
    let cut = 0; // how much of pieces[k] was already consumed
    const take = (until: number, keep: boolean) => {
      while (k < this.pieces.length && pos + length(this.pieces[k]) <= until) {
        if (keep) out.push(slice(this.pieces[k], cut, length(this.pieces[k])));
        pos += length(this.pieces[k]);
        k++;
        cut = 0;
      }
      if (k < this.pieces.length && until - pos > cut) {
        if (keep) out.push(slice(this.pieces[k], cut, until - pos));
        cut = until - pos;
      }
    };
    for (const e of sorted) {
      take(e.start, true);
      take(e.end, false);
      if (e.newText) out.push({ text: e.newText });
    }
    take(Infinity, true);
    this.pieces = out.filter((p) => length(p) > 0);
  }

  toString(): string {
    return this.pieces.map((p) => ('text' in p ? p.text : this.original.slice(p.from, p.to))).join('');
  }

  /** The edits that turn the original into the current text; original pieces never reorder, so this is exact. */
  editsFromOriginal(): TextEdit[] {
    const edits: TextEdit[] = [];
    let at = 0;
    let pending = '';
    let pendingStart = 0;
    const flush = (end: number) => {
      if (pending || end > pendingStart) edits.push({ start: pendingStart, end, newText: pending });
      pending = '';
    };
    for (const p of this.pieces) {
      if ('text' in p) {
        if (!pending) pendingStart = at;
        pending += p.text;
        continue;
      }
      if (p.from !== at || pending) {
        if (!pending) pendingStart = at;
        flush(p.from);
      }
      at = p.to;
    }
    if (pending || at < this.original.length) {
      if (!pending) pendingStart = at;
      flush(this.original.length);
    }
    return edits;
  }
}

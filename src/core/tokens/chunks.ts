/**
 * Split points where tiktoken's pre-tokeniser always has a boundary: the start of a line whose first
 * character is neither white space nor `/` (o200k glues punctuation, newlines and slashes: ");\n\n//").
 * Encoding chunk by chunk therefore gives exactly the full encode.
 */
const BOUNDARY = /\n(?=[^\s/])/g;

function chunkStarts(text: string): number[] {
  const starts = [0];
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) starts.push(m.index + 1);
  return starts;
}

export function splitChunks(text: string): string[] {
  const starts = chunkStarts(text);
  const out: string[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (end > starts[i]) out.push(text.slice(starts[i], end));
  }
  return out;
}

/** Words that flip a prompt's meaning while barely moving its embedding. */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'nor', 'without', 'except', 'excluding',
  'cannot', "can't", "don't", "doesn't", "didn't", "won't", "isn't", "aren't", "wasn't", "shouldn't", "wouldn't", 'unless', 'avoid',
]);

const NUMBER_WORDS: ReadonlySet<string> = new Set([
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty',
  'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion', 'half', 'dozen', 'once', 'twice', 'single', 'double',
]);

function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
}

export function negationsOf(text: string): string[] {
  return [...new Set(words(text).filter((w) => NEGATION_WORDS.has(w) || w.endsWith("n't")))].sort();
}

/** Every number, written in digits (thousands separators dropped) or as a word, in order. */
export function numbersOf(text: string): string[] {
  const digits = (text.match(/\d+(?:[.,]\d+)*/g) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
  return [...digits, ...words(text).filter((w) => NUMBER_WORDS.has(w))];
}

/** A semantic hit is refused when the prompts differ in negation or in any number, however similar they embed. */
export function guardAllows(a: string, b: string): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(negationsOf(a), negationsOf(b)) && same(numbersOf(a), numbersOf(b));
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

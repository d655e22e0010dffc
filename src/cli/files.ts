import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface ResolvedFiles { files: string[]; missing: string[] }

/** Files and globs as a shell user means them; directories expand to their prompt files. */
export async function resolveFiles(patterns: string[], cwd: string): Promise<ResolvedFiles> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const p of patterns) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    if (!isDynamicPattern(p)) {
      let st;
      try { st = statSync(abs); } catch { missing.push(p); continue; }
      if (st.isDirectory()) {
        const found = await glob(['**/*.{prompty,prompt,prompt.md,instructions.md,agent.md,prompt.txt,prompt.json,chat.json}'], { cwd: abs, absolute: true, ignore: ['**/node_modules/**'] });
        found.forEach((f) => files.add(f));
      } else files.add(abs);
      continue;
    }
    const found = await glob([p], { cwd, absolute: true, ignore: ['**/node_modules/**'] });
    if (found.length === 0) missing.push(p);
    found.forEach((f) => files.add(f));
  }
  return { files: [...files].sort(), missing };
}

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

// A small JSON object kept in one file, written whole through a temp file and a rename so a crash never truncates it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function readJsonObject<T>(file: string): Promise<Record<string, T>> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, T> : {};
  } catch {
    // Missing or damaged: start empty; a cache or table is rebuilt by the next measurement.
    return {};
  }
}

export async function writeJsonObject(file: string, value: Record<string, unknown>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(value, null, 1));
  await fs.rename(tmp, file);
}

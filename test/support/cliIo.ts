import { type CliIO, EXIT_USAGE, UsageError } from '../../src/cli/io';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs one CLI command in-process with captured output; a usage error exits 2 with its message, as src/cli.ts does. */
export async function runCli(command: (args: string[], io: CliIO) => Promise<number>, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  let stdout = ''; let stderr = '';
  const io: CliIO = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env };
  let code: number;
  try { code = await command(args, io); } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr += `${err.message}\n`;
    code = EXIT_USAGE;
  }
  return { code, stdout, stderr };
}

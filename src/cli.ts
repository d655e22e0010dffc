import { countCommand, COUNT_USAGE } from './cli/count';
import { type CliIO, EXIT_USAGE, UsageError } from './cli/io';

type Command = (args: string[], io: CliIO) => Promise<number>;

// Subcommands load on demand so `count` never pays for the SDKs `run` needs.
const COMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  count: { usage: COUNT_USAGE, load: async () => countCommand },
  run: { usage: 'promptmeter run <file> [--var k=v]... [--model M] [--dry-run] [--json] [--ledger FILE] [--allow-over-budget]', load: async () => (await import('./cli/run')).runCommand },
  spend: { usage: 'promptmeter spend [--since 7d|30d|all|YYYY-MM-DD] [--json] [--ledger FILE]', load: async () => (await import('./cli/spend')).spendCommand },
  lint: { usage: 'promptmeter lint [--json] [--fix] [--model M] <files or globs>', load: async () => (await import('./cli/lint')).lintCommand },
  eval: { usage: 'promptmeter eval <prompt> [--dataset F] [--models a,b,c] [--batch [--no-wait]] [--pack N] [--concurrency N] [--json] [--ledger F]', load: async () => (await import('./cli/eval')).evalCommand },
  batch: { usage: 'promptmeter batch list|status <id>|results <id>|cancel <id> [--json] [--ledger F]', load: async () => (await import('./cli/batch')).batchCommand },
  diff: { usage: 'promptmeter diff [BASE] [HEAD] [--model M] [--calls-per-day N] [--ledger F] [--json]', load: async () => (await import('./cli/review')).diffCommand },
  check: { usage: 'promptmeter check [files] [--base REV] [--max-usd-per-call X] [--max-tokens N] [--max-increase-pct P] [--max-usd-per-month X] [--fail-on lint-error|lint-warning] [--format table|json|markdown|sarif]', load: async () => (await import('./cli/review')).checkCommand },
  history: { usage: 'promptmeter history <file> [--model M] [--json]', load: async () => (await import('./cli/review')).historyCommand },
};

const HELP = `Promptmeter: token counts, costs, lint, runs and spend for prompt files.\n\nUsage:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}\n`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : EXIT_USAGE;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`promptmeter: unknown command '${name}'\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`promptmeter ${name}: ${err.message}\nUsage: ${cmd.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`promptmeter ${name}: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  const io: CliIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env };
  main(process.argv.slice(2), io).then((code) => { process.exitCode = code; });
}

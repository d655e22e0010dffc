import * as path from 'node:path';
import { cancelJob, jobResults, refreshJob } from '../core/batch/service';
import type { BatchJob } from '../core/batch/types';
import { buildReport } from '../core/eval';
import { Ledger } from '../core/ledger/ledgerFile';
import { PriceBook } from '../core/pricing/prices';
import { DEFAULTS } from '../core/settings';
import { parseArgs } from './args';
import { cliBatchContext, reportTable } from './eval';
import { alignColumns, type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';

export const BATCH_USAGE = 'promptmeter batch list|status <id>|results <id>|cancel <id> [--json] [--ledger F]';

const progress = (j: BatchJob) => `${j.counts.succeeded + j.counts.errored + j.counts.expired + j.counts.canceled}/${j.rows.length}`;

export async function batchCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json'], value: ['ledger'] });
  const [verb, id, ...extra] = a.positionals;
  if (!verb || extra.length || (verb !== 'list' && !id) || (verb === 'list' && id)) throw new UsageError('batch needs list, or status|results|cancel with one job id');
  const ledgerPath = a.flags.get('ledger') ?? io.env.PROMPTMETER_LEDGER;
  const ledger = typeof ledgerPath === 'string' ? new Ledger({ path: path.resolve(io.cwd, ledgerPath), maxSizeBytes: DEFAULTS.ledgerMaxSizeMB * 1024 * 1024 }) : undefined;
  const ctx = cliBatchContext(io, new PriceBook(), ledger);
  const json = a.flags.has('json');
  const show = (jobs: BatchJob[]) => {
    if (json) io.stdout(JSON.stringify(verb === 'list' ? { jobs } : jobs[0]) + '\n');
    else io.stdout(alignColumns([['id', 'provider', 'model', 'status', 'finished', 'landed', 'file'],
      ...jobs.map((j) => [j.id, j.provider, j.model, j.status, progress(j), j.landed ? 'yes' : 'no', j.file ?? ''])], 99).join('\n') + '\n');
  };
  switch (verb) {
    case 'list': show(await ctx.store.list()); return EXIT_OK;
    case 'status': show([await refreshJob(ctx, id)]); return EXIT_OK;
    case 'cancel': show([await cancelJob(ctx, id)]); return EXIT_OK;
    case 'results': {
      const job = await refreshJob(ctx, id);
      const results = await jobResults(ctx, id);
      if (!results) {
        io.stderr(`promptmeter batch: ${id} is ${job.status} (${progress(job)} finished); its results land when it ends\n`);
        return EXIT_PROBLEMS;
      }
      const report = buildReport({ prompt: job.file ?? '', models: [job.model], rows: job.rows.length }, results);
      io.stdout(json ? JSON.stringify(report) + '\n' : reportTable(report));
      return EXIT_OK;
    }
    default: throw new UsageError(`unknown batch action '${verb}'`);
  }
}

/**
 * Worker thread of a batch run: converts one file at a time and writes its outputs (atomically),
 * then reports a small summary to the main thread. Running conversions here, not in the main
 * thread, lets a file that takes too long be abandoned for real (Worker.terminate stops even a
 * busy loop) and keeps the main thread's memory independent of document sizes.
 */
import { parentPort } from 'node:worker_threads';
import { join } from 'node:path';
import { convertFile } from '../pipeline.js';
import { writeJson } from '../emit/json.js';
import { writeCsv } from '../emit/csv.js';
import { summarise } from '../emit/manifest.js';
import { summaryLine } from './summary.js';
import type { JobRequest, JobReply } from './pool.js';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', (job: JobRequest) => {
  void run(job).then((reply) => port.postMessage(reply));
});

async function run(job: JobRequest): Promise<JobReply> {
  const started = Date.now();
  try {
    const result = await convertFile(job.path);
    const outputs: string[] = [`${job.id}.json`];
    await writeJson(join(job.out, `${job.id}.json`), result);
    if (job.csv) {
      await writeCsv(join(job.out, `${job.id}.csv`), result, job.bom);
      outputs.push(`${job.id}.csv`);
    }
    const { status, counts, statusReason } = summarise(result);
    return {
      job: job.job,
      ok: true,
      status,
      statusReason,
      counts,
      outputs,
      sha256: result.source.sha256,
      format: result.source.format,
      pages: result.source.pageCount,
      encoding: result.source.encoding ?? null,
      document: result.document,
      line: summaryLine(result, join(job.outLabel, `${job.id}.json`), Date.now() - started, status),
      durationMs: Date.now() - started,
    };
  } catch (e) {
    const err = e as { message?: unknown; code?: unknown };
    return {
      job: job.job,
      ok: false,
      message: typeof err?.message === 'string' ? err.message : String(e),
      code: typeof err?.code === 'string' ? err.code : null,
      durationMs: Date.now() - started,
    };
  }
}

port.postMessage({ ready: true });

import type { DocumentCounts, EntryStatus } from '../emit/manifest.js';

/**
 * What a batch run tells its user, in one of three shapes:
 *  - terminal (stderr is a TTY): a progress bar with counts and ETA at the bottom of stderr, the
 *    per-document lines scrolling above it;
 *  - plain (not a TTY: logs, cron, CI): one line per file, no control characters;
 *  - --json-log: one JSON object per line on stderr per event, nothing else on stderr or stdout
 *    (stdout then carries only the --json summary, if asked for).
 * The progress bar is written here rather than taken from a library: it is ~50 lines, and the
 * libraries (cli-progress and similar) bring their own terminal-width and colour dependencies
 * for what is one `\r`-redrawn line.
 */

export type FileStatus = EntryStatus | 'skipped';

export interface FileEvent {
  event: 'file';
  /** The path as the user gave it (relative paths stay relative). */
  path: string;
  status: FileStatus;
  /** Document id (= output base name); for a duplicate, the first copy's. */
  id: string | null;
  /** Written or reused output files, relative to the output folder. */
  outputs: string[];
  sha256: string | null;
  duplicateOf: string | null;
  counts: DocumentCounts | null;
  error: string | null;
  errorCode: string | null;
  durationMs: number | null;
  /** For errorCode `crashed`: where it happened (also in the manifest entry). */
  stack?: string;
  /** The human summary line (converted files only). */
  line?: string;
}

export interface ReporterOptions {
  json: boolean;
  jsonLog: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
};

/** A one-line progress bar redrawn in place on a terminal. */
class ProgressBar {
  private timer: NodeJS.Timeout;
  private lastDraw = 0;
  private shown = false;
  done = 0;
  converted = 0;
  readonly counts = { ok: 0, partial: 0, failed: 0, skipped: 0, duplicate: 0 };
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly toConvert: number,
  ) {
    this.timer = setInterval(() => this.draw(true), 1000);
    this.timer.unref();
  }

  tick(status: FileStatus, convertedNow: boolean): void {
    this.done++;
    if (convertedNow) this.converted++;
    this.counts[status]++;
    this.draw(false);
  }

  /** Writes text above the bar. */
  above(stream: NodeJS.WriteStream, text: string): void {
    this.clear();
    stream.write(text);
    this.draw(true);
  }

  private clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const elapsed = now - this.started;
    const left = this.toConvert - this.converted;
    const eta = left <= 0 ? 'ETA 0:00' : this.converted === 0 ? 'ETA …' : `ETA ${clock((elapsed / this.converted) * left)}`;
    const c = this.counts;
    const tail = ` ${this.done}/${this.total} files · ✓ ${c.ok} ⚠ ${c.partial} ✗ ${c.failed} · ${c.skipped} unchanged · ${c.duplicate} dup · ${clock(elapsed)} ${eta}`;
    const cols = this.stream.columns || 80;
    const width = Math.max(10, Math.min(30, cols - tail.length - 3));
    const fill = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const line = `[${'█'.repeat(fill)}${'░'.repeat(width - fill)}]${tail}`;
    this.stream.write(`\r\x1b[K${line.slice(0, cols - 1)}`);
    this.shown = true;
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }
}

export class Reporter {
  private bar: ProgressBar | null = null;
  /** Where human lines go: stdout, or stderr when stdout is reserved for --json. */
  private readonly human: NodeJS.WriteStream;

  constructor(private readonly o: ReporterOptions) {
    this.human = o.json ? o.stderr : o.stdout;
  }

  private get terminal(): boolean {
    return !this.o.jsonLog && this.o.stderr.isTTY === true;
  }

  private event(obj: Record<string, unknown>): void {
    this.o.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...obj }) + '\n');
  }

  private line(stream: NodeJS.WriteStream, text: string): void {
    if (this.bar) this.bar.above(stream, text + '\n');
    else stream.write(text + '\n');
  }

  start(info: { inputs: number; toConvert: number; skipped: number; duplicates: number; unreadable: number; missing: number; concurrency: number; out: string; version: string }): void {
    if (this.o.jsonLog) return this.event({ event: 'start', ...info });
    if (this.terminal) this.bar = new ProgressBar(this.o.stderr, info.inputs, info.toConvert);
    const parts = [`${info.toConvert} to convert`];
    if (info.skipped) parts.push(`${info.skipped} unchanged since the last run`);
    if (info.duplicates) parts.push(`${info.duplicates} duplicate${info.duplicates === 1 ? '' : 's'}`);
    if (info.unreadable) parts.push(`${info.unreadable} unreadable`);
    if (info.missing) parts.push(`${info.missing} missing`);
    this.line(this.o.stderr, `budget-tables ${info.version}: ${info.inputs} input file${info.inputs === 1 ? '' : 's'} → ${info.out} (${parts.join(', ')}; ${info.concurrency} at a time)`);
  }

  file(e: FileEvent, convertedNow: boolean): void {
    if (this.o.jsonLog) {
      const { line: _line, ...rest } = e;
      this.event({ ...rest });
      return;
    }
    this.bar?.tick(e.status, convertedNow);
    switch (e.status) {
      case 'ok':
      case 'partial':
        this.line(this.human, e.line ?? `✓ ${e.path}`);
        break;
      case 'failed':
        this.line(this.o.stderr, `✗ ${e.path}: ${e.error ?? 'failed'}`);
        break;
      case 'duplicate':
        this.line(this.human, `= ${e.path}: same content as ${e.duplicateOf}${e.outputs[0] ? ` → ${e.outputs[0]}` : ''} (not converted again)`);
        break;
      case 'skipped':
        // On a terminal the bar counts these; in a log, one line each keeps the log complete.
        if (!this.bar) this.line(this.human, `· ${e.path}: unchanged since the last run → ${e.outputs[0] ?? ''}`);
        break;
    }
  }

  warn(message: string): void {
    if (this.o.jsonLog) this.event({ event: 'warning', message });
    else this.line(this.o.stderr, `budget-tables: warning: ${message}`);
  }

  /** The final summary: a line for people, the --json object on stdout, a `summary` event with --json-log. */
  finish(summaryLine: string, summary: Record<string, unknown>): void {
    this.bar?.stop();
    this.bar = null;
    if (this.o.jsonLog) this.event({ event: 'summary', ...summary });
    else this.human.write(summaryLine + '\n');
    if (this.o.json) this.o.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  }

  /** Stops the bar (e.g. on Ctrl-C) so that what follows starts on a clean line. */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

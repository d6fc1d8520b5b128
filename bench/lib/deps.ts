import { spawnSync } from 'node:child_process';
import { hasTimeBin, log, pretendMissing, which } from './util.js';

/**
 * Benchmark-only system tools. The product never needs them: they are what a user would pick
 * instead of budget-tables (pdftotext, tesseract) and what measures it (GNU time).
 */
export interface Tools {
  /** poppler-utils: pdftotext (the text-layer baseline), pdfimages and pdftoppm (scan fixtures). */
  poppler: boolean;
  /** tesseract-ocr with the chi_sim language (tesseract-ocr-chi-sim). */
  tesseract: boolean;
  /** GNU time (/usr/bin/time): CPU time and peak RSS from the kernel; without it /proc is polled. */
  time: boolean;
  versions: Record<string, string>;
  /** What is missing, in words, and how to install it. */
  missing: string[];
  installed: string[];
}

function popplerOk(): boolean {
  if (pretendMissing('poppler')) return false;
  return ['pdftotext', 'pdfimages', 'pdftoppm', 'pdfinfo'].every((c) => which(c) !== null);
}

function tesseractOk(): boolean {
  if (pretendMissing('tesseract') || !which('tesseract')) return false;
  const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return /^chi_sim$/m.test(`${r.stdout}\n${r.stderr}`);
}

function check(): Omit<Tools, 'versions' | 'missing' | 'installed'> {
  return { poppler: popplerOk(), tesseract: tesseractOk(), time: hasTimeBin() };
}

const PACKAGES: Record<'poppler' | 'tesseract' | 'time', string[]> = {
  poppler: ['poppler-utils'],
  tesseract: ['tesseract-ocr', 'tesseract-ocr-chi-sim'],
  time: ['time'],
};

function aptInstall(pkgs: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { encoding: 'utf8', env });
  let r = install();
  if (r.status !== 0) {
    // A fresh container often has no package lists yet.
    log('apt-get install failed; running apt-get update and trying again');
    spawnSync('apt-get', ['update', '-q'], { encoding: 'utf8', env });
    r = install();
  }
  if (r.status !== 0) log(`apt-get install ${pkgs.join(' ')} failed:\n${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
  return r.status === 0;
}

/** Checks for the tools; installs missing ones with apt-get when running as root on Debian/Ubuntu. */
export function ensureTools(opts: { install: boolean }): Tools {
  let have = check();
  const installed: string[] = [];
  const want = (Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]).filter((k) => !have[k]);
  if (want.length > 0 && opts.install && !process.env['BENCH_PRETEND_MISSING']) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (root && which('apt-get')) {
      const pkgs = want.flatMap((k) => PACKAGES[k]);
      log(`installing benchmark-only tools: apt-get install ${pkgs.join(' ')}`);
      if (aptInstall(pkgs)) installed.push(...pkgs);
      have = check();
    } else {
      log(root ? 'apt-get not found: cannot install the missing tools' : 'not root: cannot install the missing tools with apt-get');
    }
  }
  const missing: string[] = [];
  if (!have.poppler) missing.push('poppler-utils (pdftotext, pdfimages, pdftoppm): the text-layer comparison and the OCR section are skipped. Install: apt-get install poppler-utils');
  if (!have.tesseract) missing.push('tesseract-ocr + tesseract-ocr-chi-sim: native tesseract is not compared in the OCR section. Install: apt-get install tesseract-ocr tesseract-ocr-chi-sim');
  if (!have.time) missing.push('GNU time (/usr/bin/time): CPU time and peak RSS are taken by polling /proc instead (less exact). Install: apt-get install time');
  const versions: Record<string, string> = {};
  if (have.poppler) versions['pdftotext'] = firstLine(spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).stderr);
  if (have.tesseract) versions['tesseract'] = firstLine(spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout || '');
  if (have.time) versions['time'] = firstLine(spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' }).stdout || spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' }).stderr || '');
  return { ...have, versions, missing, installed };
}

function firstLine(s: string): string {
  return (s ?? '').trim().split('\n')[0] ?? '';
}

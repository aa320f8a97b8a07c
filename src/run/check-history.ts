// Checks a stored history straight from its file: pass 1 reads the timeline and
// derives the truth, pass 2 feeds every checker (checkers/stream.ts). Both passes
// read the file in chunks, so memory does not grow with the history's length.

import { CHECKERS, CheckPass, TruthPass, type CheckReport, type Overrides } from '../../checkers/index.js';
import { forEachLine } from '../history/lines.js';
import { LabError } from '../errors.js';

export interface CheckedHistory { report: CheckReport; tornTail: boolean; lines: number }

/** `sample` is called every 65,536 lines of each pass (the benchmark reads the heap there). */
export function checkHistoryFile(path: string, overrides: Overrides = {}, sample?: () => void): CheckedHistory {
  try {
    const p1 = new TruthPass();
    let seen = 0;
    const read = forEachLine(path, (text) => {
      p1.line(text);
      if (sample && (++seen & 0xffff) === 0) sample();
    });
    const p2 = new CheckPass(p1.finish(), overrides, CHECKERS);
    let fed = 0;
    if (!p2.done) {
      forEachLine(path, (text) => {
        if (fed++ < read.lines) p2.feedLine(text);
        if (sample && (fed & 0xffff) === 0) sample();
      });
    }
    return { report: p2.finish(), tornTail: read.tornTail, lines: read.lines };
  } catch (e) {
    if (e instanceof LabError) throw e;
    throw new LabError('GOSSIPLAB_HISTORY', `${path}: ${(e as Error).message}`);
  }
}

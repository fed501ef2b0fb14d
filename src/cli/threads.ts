/**
 * The CLI process's helper threads run at a lower priority than its main thread.
 *
 * Node starts four V8 helper threads whatever the machine, and V8 compiles optimised code on
 * them while the main thread parses. On two cores the main thread, which does all the parsing,
 * shared them with up to four busy compiler threads: a 136-page text book took ~20 % longer than
 * with `--v8-pool-size=1` (bench/README.md). Lowered by NICE_STEP, they run on idle cores as
 * before but give way to the thread that does the work. Linux keeps a nice value per thread, so
 * this reaches the threads one by one through /proc; elsewhere it does nothing.
 *
 * Only bin/apsheet calls this: the library leaves the threads of its host's process alone. It
 * lowers every thread there is when it runs (libuv's file-system threads among them, which only
 * wait on the disk); threads started later (the PDF worker) keep the main thread's priority.
 */
import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * How much lower. Four helpers at +10 weigh 4 × 110 against the main thread's 1024 (the
 * kernel's weights), so the main thread keeps a whole core of two even with all four busy.
 */
export const NICE_STEP = 10;
/** The lowest priority a thread can have. */
const NICE_MAX = 19;

export interface ThreadControl {
  pid: number;
  /** Thread ids of this process (Linux: the names in /proc/self/task). */
  threadIds(): string[];
  getPriority(tid: number): number;
  setPriority(tid: number, nice: number): void;
}

const linux: ThreadControl = {
  pid: process.pid,
  threadIds: () => readdirSync("/proc/self/task"),
  getPriority,
  setPriority,
};

/**
 * Lowers every thread of this process but the main one to the main thread's nice value +
 * NICE_STEP (at most 19). Returns how many threads it lowered; never throws: a thread gone in
 * the meantime, or a system without /proc, only lowers fewer.
 */
export function lowerHelperThreads(control: ThreadControl = linux): number {
  let ids: string[];
  let nice: number;
  try {
    ids = control.threadIds();
    nice = Math.min(NICE_MAX, control.getPriority(control.pid) + NICE_STEP);
  } catch {
    return 0;
  }
  let lowered = 0;
  for (const id of ids) {
    // Only positive ids: to setpriority(), 0 means the calling thread, the main one.
    const tid = /^\d+$/.test(id) ? Number(id) : 0;
    if (tid <= 0 || tid === control.pid) continue;
    try {
      control.setPriority(tid, nice);
      lowered++;
    } catch {
      // The thread ended, or this system will not renice threads one by one.
    }
  }
  return lowered;
}

/**
 * Files parsed on worker threads, so that one input that hangs or runs away cannot stall a
 * batch: past its time limit a file's worker is terminated (its memory with it), the file gets
 * a `timeout` error, and a fresh worker takes the next file. Results come back per file; the
 * caller decides the output order.
 */
import { Worker } from "node:worker_threads";
import type { ParseOptions, ParseResult } from "../api.js";
import type { PlanRecord } from "../record/schema.js";
import { ApsheetError, type ErrorCode } from "../diagnostics.js";

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Job {
  path?: string;
  bytes?: Uint8Array;
  options: ParseOptions;
  file: string;
  resolve: (r: ParseResult) => void;
  reject: (e: unknown) => void;
}

export interface PoolOptions {
  /** Worker threads (default 1). */
  size?: number;
  /** Per-file limit in milliseconds (0: none). */
  timeoutMs?: number;
  /** Heap limit per worker in MiB: a file that needs more fails alone. */
  maxHeapMiB?: number;
}

export class ParsePool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxHeapMiB: number;

  constructor(opts: PoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? 1);
    this.timeoutMs = opts.timeoutMs ?? 0;
    this.maxHeapMiB = opts.maxHeapMiB ?? 1024;
  }

  parseFile(path: string, options: ParseOptions, file = path): Promise<ParseResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ path, options, file, resolve, reject });
      this.pump();
    });
  }

  parse(bytes: Uint8Array, options: ParseOptions, file = options.file ?? "-"): Promise<ParseResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, options, file, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private spawn(): Slot {
    // Beside this module: dist/run/worker.js for the library, and for the CLI the bundled
    // dist/bundle/worker.js next to the chunk this module is bundled into (scripts/bundle.mjs).
    const worker = new Worker(new URL("./worker.js", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMiB },
    });
    worker.unref();
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.busy = true;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const done = (fn: () => void) => {
      if (timer) clearTimeout(timer);
      slot.worker.off("message", onMessage);
      slot.worker.off("error", onError);
      slot.worker.off("exit", onExit);
      fn();
    };
    const retire = () => {
      this.slots = this.slots.filter((s) => s !== slot);
      void slot.worker.terminate();
    };
    // The worker sends each record as it is made, then the result without them.
    const records: PlanRecord[] = [];
    const onMessage = (msg: { id: number; record?: PlanRecord; result?: ParseResult; error?: { code: ErrorCode; message: string; file?: string } }) => {
      if (msg.id !== id) return;
      if (msg.record) {
        if (job.options.onRecord) job.options.onRecord(msg.record);
        else records.push(msg.record);
        return;
      }
      done(() => {
        slot.busy = false;
        if (msg.error) job.reject(new ApsheetError(msg.error.code, msg.error.message, msg.error.file ?? job.file));
        else job.resolve({ ...msg.result!, records });
        this.pump();
      });
    };
    const onError = (err: Error) =>
      done(() => {
        retire();
        const outOfMemory = /memory|heap/i.test(err.message);
        job.reject(
          new ApsheetError(outOfMemory ? "input-too-large" : "internal", outOfMemory ? `needed more than ${this.maxHeapMiB} MiB of memory` : err.message, job.file),
        );
        this.pump();
      });
    const onExit = () => onError(new Error("the parse worker stopped unexpectedly"));
    slot.worker.on("message", onMessage);
    slot.worker.on("error", onError);
    slot.worker.on("exit", onExit);
    if (this.timeoutMs > 0) {
      timer = setTimeout(
        () =>
          done(() => {
            retire();
            job.reject(new ApsheetError("timeout", `took longer than ${this.timeoutMs / 1000} s (raise it with --timeout)`, job.file));
            this.pump();
          }),
        this.timeoutMs,
      );
    }
    // A callback cannot cross to the worker: the records it sends are given to it here.
    const { onRecord: _given, ...options } = job.options;
    const msg = { id, path: job.path, bytes: job.bytes, options };
    slot.worker.postMessage(msg);
  }
}

/**
 * One shape for everything the pipeline has to say about its input, after vfile-message:
 * a stable kebab-case code, a sentence a person can act on, and where it applies.
 * Warnings travel inside records; errors (whole-file failures) are thrown as ApsheetError.
 */
export type BBox = [number, number, number, number];

export interface Place {
  page?: number;
  line?: number;
  bbox?: BBox;
}

export interface Diagnostic extends Place {
  code: string;
  message: string;
  path?: string;
}

/** Error codes a whole input can fail with. Stable: scripts may match on them. */
export type ErrorCode =
  | "not-found"
  | "not-a-file"
  | "empty-input"
  | "input-too-large"
  | "undecodable-text"
  | "unknown-encoding"
  | "no-plan-sheet"
  | "pdf-invalid"
  | "pdf-encrypted"
  | "pdf-wrong-password"
  | "no-text-layer"
  | "too-many-pages"
  | "timeout"
  | "internal";

export class ApsheetError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, file?: string) {
    super(message);
    this.name = "ApsheetError";
    this.code = code;
    this.file = file;
  }
}

export function isApsheetError(err: unknown): err is ApsheetError {
  return err instanceof ApsheetError;
}

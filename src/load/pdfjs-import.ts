/**
 * How pdf.js's legacy build is imported. In Node its display layer requires @napi-rs/canvas at
 * import, unconditionally, only to polyfill DOMMatrix, ImageData and Path2D for drawing on a
 * canvas. apsheet never draws: it reads text and operator lists. Loading that package's 33 MB
 * native binary cost 130–190 ms and ~32 MiB of RSS in every process that reads a PDF.
 *
 * `withoutCanvas` imports pdf.js with stand-ins for that one require: pdf.js needs a
 * constructible DOMMatrix at import (a module-level `new DOMMatrix()`) and nothing of the three
 * for text; any attempt to draw with a stand-in throws. The stand-ins become pdf.js's globals,
 * so only a process that never renders with pdf.js may use it: the CLI's parse worker opts in;
 * the library, which may share a process with a program that renders, leaves pdf.js as it is.
 */
import { createRequire } from "node:module";
import type * as Pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

export type PdfjsModule = typeof Pdfjs;

const CANVAS_PACKAGE = "@napi-rs/canvas";
let canvasFree = false;

/** Import pdf.js without @napi-rs/canvas from now on in this process (before the first import only). */
export function importPdfjsWithoutCanvas(): void {
  canvasFree = true;
}

export function importPdfjs(): Promise<PdfjsModule> {
  return canvasFree ? withoutCanvas() : import("pdfjs-dist/legacy/build/pdf.mjs");
}

class NoDrawing {
  constructor() {
    // Constructing is allowed (pdf.js does it at import); using one is not.
    for (const name of ["multiplySelf", "preMultiplySelf", "invertSelf", "translate", "scale", "addPath", "transformPoint"]) {
      Object.defineProperty(this, name, {
        value: () => {
          throw new Error("apsheet's parse worker loads pdf.js without a canvas and cannot draw");
        },
      });
    }
  }
}

export const CANVAS_STAND_INS = { DOMMatrix: NoDrawing, ImageData: NoDrawing, Path2D: NoDrawing };

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

async function withoutCanvas(): Promise<PdfjsModule> {
  const Module = createRequire(import.meta.url)("node:module") as { _load: Loader };
  const load = Module._load;
  // Node 20 has no public hook for a package's own `require`; _load is what require calls.
  Module._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    return request === CANVAS_PACKAGE ? CANVAS_STAND_INS : load.call(this, request, parent, isMain);
  };
  try {
    return await import("pdfjs-dist/legacy/build/pdf.mjs");
  } finally {
    Module._load = load;
  }
}

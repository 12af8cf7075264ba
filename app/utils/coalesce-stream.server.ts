import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through that joins the chunks written in one turn of the event loop into one. React's server renderer
 * writes a page in pieces of about 2 kB (some 40 for a product page), and each piece would otherwise cross the web
 * stream Remix hands to Express, the compression layer and a socket write on its own: measured as a fifth of a
 * page's CPU (BENCHMARKS.md, "Render profile"). What React writes together (the shell, then each streamed part)
 * leaves together, a microtask later; nothing is held back beyond the turn it was written in.
 */
export class CoalescingStream extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private scheduled = false;

  override _transform(chunk: Buffer | Uint8Array | string, _encoding: BufferEncoding, callback: TransformCallback) {
    // React hands over each view and starts a new one, so a view is kept as it is (no copy).
    const part = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.parts.push(part);
    this.size += part.length;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.release());
    }
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.release();
    callback();
  }

  private release() {
    this.scheduled = false;
    if (this.parts.length === 0) return;
    const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.push(joined);
  }
}

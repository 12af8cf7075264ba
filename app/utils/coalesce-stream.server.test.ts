import { describe, expect, it } from "vitest";
import { CoalescingStream } from "./coalesce-stream.server";

function collect(stream: CoalescingStream) {
  const out: string[] = [];
  stream.on("data", (chunk: Buffer) => out.push(chunk.toString("utf8")));
  return out;
}

describe("CoalescingStream", () => {
  it("passes on what is written in one turn as one chunk, bytes unchanged", async () => {
    const stream = new CoalescingStream();
    const out = collect(stream);
    const encoder = new TextEncoder();
    stream.write(encoder.encode("<html><body>"));
    stream.write(Buffer.from("Tas anyaman — Rp 250.000"));
    stream.write("</body>");
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["<html><body>Tas anyaman — Rp 250.000</body>"]);
  });

  it("keeps what is written in later turns apart, so a streamed part is not held back for the rest", async () => {
    const stream = new CoalescingStream();
    const out = collect(stream);
    stream.write("shell-1 ");
    stream.write("shell-2");
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["shell-1 shell-2"]);
    stream.write("<template>related</template>");
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["shell-1 shell-2", "<template>related</template>"]);
  });

  it("lets out what is still waiting when the writer ends in the same turn", async () => {
    const stream = new CoalescingStream();
    const out = collect(stream);
    const ended = new Promise((resolve) => stream.on("end", resolve));
    stream.write("a");
    stream.end("b");
    await ended;
    expect(out.join("")).toBe("ab");
  });
});

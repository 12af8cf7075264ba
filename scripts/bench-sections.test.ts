import { describe, expect, it } from "vitest";
import { sectionOf, withSection } from "./bench-sections";

const page = "# Benchmarks\n\n## One\n\nline a\nline b\n\n## Two\n\ntable\n| x |\n\n## Last\n\nfirst line\nsecond line\n";

describe("BENCHMARKS.md sections", () => {
  it("reads a whole section, to the next heading or the end of the page", () => {
    expect(sectionOf(page, "## One")).toBe("## One\n\nline a\nline b\n");
    expect(sectionOf(page, "## Last")).toBe("## Last\n\nfirst line\nsecond line\n");
    expect(sectionOf(page, /^## Tw/m)).toBe("## Two\n\ntable\n| x |\n");
    expect(sectionOf(page, "## Missing")).toBeUndefined();
  });

  it("keeps a section a run skipped, whole, when written back into a new page", () => {
    const fresh = "# Benchmarks\n\n## One\n\nnew\n\n## Two\n\n## Last\n";
    const kept = withSection(withSection(fresh, "## Two", sectionOf(page, "## Two")!), "## Last", sectionOf(page, "## Last")!);
    expect(kept).toBe("# Benchmarks\n\n## One\n\nnew\n\n## Two\n\ntable\n| x |\n\n## Last\n\nfirst line\nsecond line\n");
  });
});

import { describe, expect, it } from "vitest";
import { isRefusal } from "~/domain/platform/refusal";
import { changeEventStatus, eventPhase, eventStatusChoices, mayReceiveStock, mayReturnStock } from "./event-status";

describe("event status", () => {
  it("moves planned → open → closed", () => {
    expect(changeEventStatus({ status: "planned", saleCount: 0 }, "open")).toBe("open");
    expect(changeEventStatus({ status: "open", saleCount: 12 }, "closed")).toBe("closed");
  });

  it("calls off a planned event only while it has no sales", () => {
    expect(changeEventStatus({ status: "planned", saleCount: 0 }, "closed")).toBe("closed");
    const refused = changeEventStatus({ status: "planned", saleCount: 1 }, "closed");
    expect(isRefusal(refused, "conflict") && refused.message).toMatch(/has sales/);
  });

  it("never goes back, and refuses a move to the status it already has", () => {
    for (const [from, to] of [["open", "planned"], ["closed", "open"], ["closed", "planned"], ["open", "open"]] as const) {
      expect(isRefusal(changeEventStatus({ status: from, saleCount: 0 }, to), "conflict")).toBe(true);
    }
    expect(eventStatusChoices("closed")).toEqual([]);
    expect(eventStatusChoices("planned")).toEqual(["open", "closed"]);
  });

  it("places an event in time by its Jakarta days", () => {
    const event = { startsOn: "2027-05-08", endsOn: "2027-05-09" };
    expect(eventPhase(event, "2027-05-07")).toBe("upcoming");
    expect(eventPhase(event, "2027-05-08")).toBe("running");
    expect(eventPhase(event, "2027-05-09")).toBe("running");
    expect(eventPhase(event, "2027-05-10")).toBe("past");
  });

  it("returns stock once closed or over, and takes stock until closed", () => {
    expect(mayReturnStock({ status: "open", endsOn: "2027-05-09" }, "2027-05-09")).toBe(false);
    expect(mayReturnStock({ status: "open", endsOn: "2027-05-09" }, "2027-05-10")).toBe(true);
    expect(mayReturnStock({ status: "closed", endsOn: "2027-05-09" }, "2027-05-01")).toBe(true);
    expect(mayReceiveStock({ status: "open" })).toBe(true);
    expect(mayReceiveStock({ status: "closed" })).toBe(false);
  });
});

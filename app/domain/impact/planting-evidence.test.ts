import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDistance, GPS_MISMATCH_METRES, haversineMetres, judgeGps } from "./planting-evidence";

const gunungKidul = { latitude: -7.965, longitude: 110.601 };

describe("planting evidence GPS", () => {
  it("measures known distances (Jakarta to Yogyakarta is about 430 km)", () => {
    const km = haversineMetres({ latitude: -6.2088, longitude: 106.8456 }, { latitude: -7.7956, longitude: 110.3695 }) / 1000;
    expect(km).toBeGreaterThan(425);
    expect(km).toBeLessThan(435);
    // One degree of latitude is about 111.2 km anywhere.
    expect(haversineMetres({ latitude: 0, longitude: 120 }, { latitude: 1, longitude: 120 })).toBeCloseTo(111_195, -2);
  });

  it("is symmetric, never negative, and zero for the same point", () => {
    const point = fc.record({ latitude: fc.double({ min: -11.5, max: 6.5, noNaN: true }), longitude: fc.double({ min: 94.5, max: 141.5, noNaN: true }) });
    fc.assert(
      fc.property(point, point, (a, b) => {
        const ab = haversineMetres(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ab - haversineMetres(b, a))).toBeLessThan(1e-6);
        expect(haversineMetres(a, a)).toBe(0);
      }),
    );
  });

  it("flags a photo more than 5 km away, and accepts one just inside", () => {
    expect(GPS_MISMATCH_METRES).toBe(5_000);
    const near = judgeGps(gunungKidul, { latitude: -7.965 + 0.04, longitude: 110.601 }); // ~4.4 km north
    expect(near).toMatchObject({ gps: "matches" });
    expect(near.distanceMetres).toBeGreaterThan(4_000);
    const far = judgeGps(gunungKidul, { latitude: -7.605, longitude: 110.601 }); // 40 km north
    expect(far).toMatchObject({ gps: "mismatch", gpsLatitude: -7.605 });
    expect(far.distanceMetres).toBeGreaterThan(39_000);
    expect(far.distanceMetres).toBeLessThan(41_000);
  });

  it("calls a photo without a usable position missing (none, half, not finite, 0/0)", () => {
    for (const photo of [null, undefined, {}, { latitude: -7.9 }, { latitude: Number.NaN, longitude: 110 }, { latitude: 0, longitude: 0 }, { latitude: 91, longitude: 110 }]) {
      expect(judgeGps(gunungKidul, photo)).toEqual({ gps: "missing", gpsLatitude: null, gpsLongitude: null, distanceMetres: null });
    }
  });

  it("writes distances for people", () => {
    expect(formatDistance(850)).toBe("850 m");
    expect(formatDistance(41_234)).toBe("41.2 km");
    expect(formatDistance(412_345)).toBe("412 km");
  });
});

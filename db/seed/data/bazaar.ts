import type { PosPaymentMethod } from "../../../app/domain/bazaar/close-of-day";

/** [index into the seed's 14 stocked pieces, quantity] */
export type SeedPieceQuantity = readonly [number, number];

export type SeedSale = {
  till: "a" | "b";
  day: "first" | "last";
  hour: number;
  minute: number;
  lines: SeedPieceQuantity[];
  payment: PosPaymentMethod;
  reference?: string;
  offline?: boolean;
  /** Cash paid with the exact amount ("uang pas"). */
  exact?: boolean;
};

export const bazaarEvents = {
  worldFairTradeDay: {
    slug: "world-fair-trade-day-2026",
    fields: {
      name: "World Fair Trade Day 2026",
      venue: "Taman Literasi Martha Christina Tiahahu, Blok M",
      city: "Jakarta",
      startsOn: "2026-05-09",
      endsOn: "2026-05-10",
      openingFloatMinor: 50_000_000, // Rp 500.000
      qrisMerchantName: "KRIYA FAIR TRADE",
    },
    /** What went to the stall; one of the first piece arrived cracked. */
    sent: [[0, 8], [1, 6], [2, 6], [3, 5], [4, 5], [5, 4], [6, 4], [7, 3], [8, 3], [9, 3], [10, 2], [11, 2], [12, 2], [13, 2]] as SeedPieceQuantity[],
    brokenOnTheRoad: 0,
  },
  upcoming: {
    slug: "bazaar-akhir-tahun-kota-kasablanka",
    startsInDays: 11,
    days: 2,
    fields: {
      name: "Bazaar Akhir Tahun Kriya",
      venue: "Atrium Utama, Kota Kasablanka",
      city: "Jakarta",
      openingFloatMinor: 30_000_000, // Rp 300.000
      qrisMerchantName: "KRIYA FAIR TRADE",
    },
    sent: [[0, 4], [1, 4], [2, 4], [3, 4], [4, 4], [5, 3], [6, 3], [7, 3], [8, 3], [9, 3]] as SeedPieceQuantity[],
    onTheRoad: [[10, 2], [11, 2], [12, 2], [13, 2]] as SeedPieceQuantity[],
  },
} as const;

/**
 * Pieces sold at World Fair Trade Day, per piece: the last two sold one more than the stall held (two buyers took
 * the display pieces), which opens a reconciliation task each.
 */
const soldPerPiece = [6, 5, 4, 4, 3, 3, 2, 2, 3, 1, 2, 1, 3, 3];

const payments: { payment: PosPaymentMethod; offline?: boolean; exact?: boolean }[] = [
  { payment: "cash" },
  { payment: "qris" },
  { payment: "cash", exact: true },
  { payment: "card" },
  { payment: "cash" },
  { payment: "qris", offline: true },
  { payment: "transfer" },
  { payment: "cash" },
  { payment: "qris" },
  { payment: "card" },
];

/** A fixed shuffle (a small linear congruential generator), so the sample is the same on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function buildPastSales(): SeedSale[] {
  const units = shuffled(soldPerPiece.flatMap((count, index) => Array.from({ length: count }, () => index)), 2026);
  const sales: SeedSale[] = [];
  let cursor = 0;
  let n = 0;
  while (cursor < units.length) {
    // Most buyers take one piece, some two or three.
    const size = Math.min([1, 1, 2, 1, 3, 1, 2][n % 7]!, units.length - cursor);
    const quantities = new Map<number, number>();
    for (const index of units.slice(cursor, cursor + size)) quantities.set(index, (quantities.get(index) ?? 0) + 1);
    cursor += size;
    const half = n % 2 === 0 ? "first" : "last";
    const slot = Math.floor(n / 2);
    const pay = payments[slot % payments.length]!;
    const reference =
      pay.payment === "qris" ? `QRIS ${String(918_200 + n * 37).padStart(6, "0")}` : pay.payment === "card" ? `EDC ${String(402_117 + n * 91)}` : pay.payment === "transfer" ? `BCA ${String(60_300 + n * 13)}` : undefined;
    sales.push({
      till: slot % 2 === 0 ? "a" : "b",
      day: half,
      hour: 10 + (slot % 10),
      minute: (n * 17) % 60,
      lines: [...quantities.entries()],
      ...pay,
      reference,
    });
    n += 1;
  }
  return sales;
}

export const pastSales: SeedSale[] = buildPastSales();

/** CRC-16/CCITT-FALSE, the checksum that ends an EMVCo QR payload (tag 63). */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

const tlv = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, "0")}${value}`;

/** A static QRIS payload for the sample merchant (EMVCo merchant-presented, no amount: the buyer types it). */
export function qrisPayload(merchantName: string): string {
  const body =
    tlv("00", "01") +
    tlv("01", "11") +
    tlv("26", tlv("00", "ID.CO.QRIS.WWW") + tlv("01", "936000140000000000") + tlv("02", "ID2026KRIYA0001") + tlv("03", "UMI")) +
    tlv("51", tlv("00", "ID.CO.QRIS.WWW") + tlv("02", "ID1026123456789") + tlv("03", "UMI")) +
    tlv("52", "5999") +
    tlv("53", "360") +
    tlv("58", "ID") +
    tlv("59", merchantName.slice(0, 25)) +
    tlv("60", "JAKARTA SELATAN") +
    tlv("61", "12160");
  return `${body}6304${crc16(`${body}6304`)}`;
}

/**
 * The wholesale flow as a newcomer should first see it: quotes in every status and three accepted ones whose
 * production orders stand at every stage. Days are offsets from the day the seed runs (negative = past), so the
 * sample stays current: the sent quote is always valid for 30 more days, the overdue draft always overdue.
 */

/** Two more approved importers with their own logins (same demo password as Nordlys), so orders span several shops. */
export const seedWholesaleImporters = [
  {
    importer: {
      companyName: "Oak & Loom Fair Trade Ltd",
      country: "GB",
      taxId: "GB 284 6193 57",
      contactName: "Emily Clarke",
      contactEmail: "buyer.uk@importer.example",
      phone: "+44 1473 555 0187",
      website: "https://oakandloom.example",
      expectedVolume: "US$20,000–50,000",
      depositPercent: 50,
    },
    approvedDaysAgo: 240,
    user: { email: "buyer.uk@importer.example", name: "Emily Clarke", password: "kriya-importer-2026" },
  },
  {
    importer: {
      companyName: "Southern Cross Fair Goods Pty Ltd",
      country: "AU",
      taxId: "ABN 51 824 753 556",
      contactName: "Liam Nguyen",
      contactEmail: "buyer.au@importer.example",
      phone: "+61 2 5550 1432",
      website: "https://southerncrossfair.example",
      expectedVolume: "US$5,000–20,000",
      // A long-standing customer: staff agreed a smaller deposit with them.
      depositPercent: 30,
    },
    approvedDaysAgo: 600,
    user: { email: "buyer.au@importer.example", name: "Liam Nguyen", password: "kriya-importer-2026" },
  },
] as const;

export type SeedQuoteLine = { sku: string; quantity: number; belowCost?: { unitPriceMinor: number; reason: string } };

export type SeedQuoteStep =
  | { kind: "requested"; day: number }
  | { kind: "message"; party: "importer" | "staff"; day: number; message: string }
  | { kind: "priced"; day: number; validUntilDay: number; leadTimeDays: number; freightMinor?: number; lines?: SeedQuoteLine[] }
  | { kind: "sent"; day: number }
  | { kind: "changes_requested" | "declined"; day: number; message: string }
  | { kind: "accepted"; day: number }
  | { kind: "expired"; day: number };

export type SeedProductionStep =
  | { status: "advance_paid"; day: number; method?: "bank_transfer" | "cash" }
  | { status: "in_production"; day: number; note?: string }
  | { status: "qc_failed"; day: number; passedShare: number; note: string }
  | { status: "qc_passed"; day: number; note?: string }
  | { status: "balance_paid"; day: number; bankFeeMinor?: number }
  | { status: "received"; day: number }
  | { status: "cancelled"; day: number; reason: string; workDonePercent: number };

export type SeedProductionPlan = { producer: string; dueDay: number; steps: SeedProductionStep[] };

export type SeedOrderPlan = {
  status: "awaiting_deposit" | "in_production";
  deposit?: { method: "bank_transfer"; day: number; reference: string } | { method: "stripe"; day: number };
  production: SeedProductionPlan[];
};

export type SeedQuotePlan = {
  key: string;
  importerEmail: string;
  incoterm: "FOB" | "CIF";
  destinationPort?: string;
  importerNotes: string;
  lines: SeedQuoteLine[];
  steps: SeedQuoteStep[];
  order?: SeedOrderPlan;
};

const NORDLYS = "buyer@importer.example";
const OAK_AND_LOOM = "buyer.uk@importer.example";
const SOUTHERN_CROSS = "buyer.au@importer.example";

export const seedQuotes: SeedQuotePlan[] = [
  {
    key: "nordlys-spring-baskets",
    importerEmail: NORDLYS,
    incoterm: "FOB",
    importerNotes: "For our spring catalogue. Red and natural pandan mixed in one carton is fine; our forwarder collects in Jakarta.",
    lines: [
      { sku: "KR-BSK-071-SNAT", quantity: 12 },
      { sku: "KR-BSK-071-SRED", quantity: 12 },
      { sku: "KR-LTR-066", quantity: 12 },
    ],
    steps: [{ kind: "requested", day: -2 }],
  },
  {
    key: "oak-loom-travel",
    importerEmail: OAK_AND_LOOM,
    incoterm: "CIF",
    destinationPort: "Felixstowe",
    importerNotes: "Travel corner for our Ipswich and Norwich shops.",
    lines: [
      { sku: "KR-WAL-053", quantity: 24 },
      { sku: "KR-SLV-049-13", quantity: 12 },
    ],
    steps: [
      { kind: "requested", day: -12 },
      { kind: "message", party: "staff", day: -11, message: "Thank you, Emily. Kulit Lawu and Sinar Kalibaru both have room this month; we will price it this week." },
      { kind: "priced", day: -9, validUntilDay: 21, leadTimeDays: 70, freightMinor: 42_000 },
      { kind: "sent", day: -9 },
      { kind: "message", party: "importer", day: -5, message: "Our customers keep asking for the 15-inch sleeve. Could you add a carton of those?" },
      { kind: "changes_requested", day: -4, message: "Please add 12 of the 15-inch laptop sleeve and re-quote the freight." },
    ],
  },
  {
    key: "southern-cross-kitchen",
    importerEmail: SOUTHERN_CROSS,
    incoterm: "CIF",
    destinationPort: "Sydney",
    importerNotes: "Kitchen table range for the Newtown and Fremantle stores.",
    lines: [
      { sku: "KR-BSK-037", quantity: 48 },
      { sku: "KR-VAS-065", quantity: 24 },
    ],
    steps: [
      { kind: "requested", day: -6 },
      { kind: "priced", day: -1, validUntilDay: 30, leadTimeDays: 77, freightMinor: 36_500 },
    ],
  },
  {
    key: "nordlys-bergen-launch",
    importerEmail: NORDLYS,
    incoterm: "CIF",
    destinationPort: "Hamburg",
    importerNotes: "Coasters and stacking rings for the Oslo shop; our truck collects from Hamburg.",
    lines: [
      { sku: "KR-CST-035", quantity: 48 },
      { sku: "KR-RNG-033-6", quantity: 6 },
      { sku: "KR-RNG-033-7", quantity: 6 },
    ],
    steps: [
      { kind: "requested", day: -20 },
      { kind: "priced", day: -17, validUntilDay: 13, leadTimeDays: 56, freightMinor: 51_000 },
      { kind: "sent", day: -17 },
      { kind: "message", party: "importer", day: -10, message: "Could you add a carton of the teal zip pouches at a launch price? Our Bergen shop opens in March." },
      { kind: "changes_requested", day: -10, message: "Add 24 teal zip pouches, at a launch price if you can." },
      { kind: "message", party: "staff", day: -3, message: "Yes: we price the first carton of pouches at a launch price to help Bergen open. The other lines keep their tier prices." },
      {
        kind: "priced",
        day: -2,
        validUntilDay: 30,
        leadTimeDays: 63,
        freightMinor: 51_000,
        lines: [
          { sku: "KR-CST-035", quantity: 48 },
          { sku: "KR-RNG-033-6", quantity: 6 },
          { sku: "KR-RNG-033-7", quantity: 6 },
          { sku: "KR-PCH-042-TEA", quantity: 24, belowCost: { unitPriceMinor: 560, reason: "Launch price for Nordlys' new Bergen shop, agreed by Ratna: one carton only" } },
        ],
      },
      { kind: "sent", day: -2 },
    ],
  },
  {
    key: "nordlys-autumn-order",
    importerEmail: NORDLYS,
    incoterm: "CIF",
    destinationPort: "Rotterdam",
    importerNotes: "Autumn range for all four shops. Rotterdam, please: it goes on with the rest of our European consolidation.",
    lines: [
      { sku: "KR-CST-035", quantity: 96 },
      { sku: "KR-PLM-056", quantity: 24 },
      { sku: "KR-NTB-017", quantity: 48 },
      { sku: "KR-DOC-031", quantity: 12 },
      { sku: "KR-TRY-016-M", quantity: 24 },
    ],
    steps: [
      { kind: "requested", day: -95 },
      { kind: "priced", day: -92, validUntilDay: -62, leadTimeDays: 84, freightMinor: 64_000 },
      { kind: "sent", day: -92 },
      { kind: "accepted", day: -88 },
    ],
    order: {
      status: "in_production",
      deposit: { method: "bank_transfer", day: -87, reference: "DNB 7710.22.48391" },
      production: [
        {
          producer: "sinar-kalibaru",
          dueDay: -30,
          steps: [
            { status: "advance_paid", day: -86 },
            { status: "in_production", day: -84 },
            { status: "qc_passed", day: -40, note: "All coasters and placemats even in weave and colour." },
            // The bank took its fee from the transfer; the correction row pays the group the difference.
            { status: "balance_paid", day: -38, bankFeeMinor: 1_500_000 },
            { status: "received", day: -33 },
          ],
        },
        {
          producer: "lembar-hijau",
          dueDay: -20,
          steps: [
            { status: "advance_paid", day: -86 },
            { status: "in_production", day: -84 },
            { status: "qc_failed", day: -45, passedShare: 0.8, note: "Stab binding loose on a fifth of the pocket notebooks; back to the bindery." },
            { status: "in_production", day: -44, note: "Rework: rebinding the notebooks that failed QC." },
            { status: "qc_passed", day: -30 },
            { status: "balance_paid", day: -25 },
          ],
        },
        {
          producer: "enceng-rawa-pening",
          dueDay: 4,
          steps: [
            { status: "advance_paid", day: -80, method: "cash" },
            { status: "in_production", day: -78 },
            { status: "qc_passed", day: -6, note: "Trays dry and mould-free after a week in the drying room." },
          ],
        },
      ],
    },
  },
  {
    key: "oak-loom-christmas",
    importerEmail: OAK_AND_LOOM,
    incoterm: "CIF",
    destinationPort: "Felixstowe",
    importerNotes: "Christmas gift range. The wallets and hoops sell best; the bowls are a trial.",
    lines: [
      { sku: "KR-WAL-004-TAN", quantity: 24 },
      { sku: "KR-WAL-004-DBR", quantity: 24 },
      { sku: "KR-EAR-005-S", quantity: 24 },
      { sku: "KR-SCF-006-IND", quantity: 12 },
      { sku: "KR-SCF-006-SOG", quantity: 12 },
      { sku: "KR-BWL-051-S", quantity: 24 },
    ],
    steps: [
      { kind: "requested", day: -50 },
      { kind: "message", party: "importer", day: -49, message: "Could all of it arrive before the first week of November?" },
      { kind: "message", party: "staff", day: -48, message: "Yes, if the deposit arrives this month. Sekar Lasem dyes with indigo in the dry season, so the scarves start last." },
      { kind: "priced", day: -47, validUntilDay: -17, leadTimeDays: 63, freightMinor: 88_000 },
      { kind: "sent", day: -47 },
      { kind: "accepted", day: -44 },
    ],
    order: {
      status: "in_production",
      deposit: { method: "stripe", day: -43 },
      production: [
        { producer: "kulit-lawu", dueDay: 18, steps: [{ status: "advance_paid", day: -42 }, { status: "in_production", day: -40 }] },
        {
          producer: "perak-sari-celuk",
          dueDay: 10,
          steps: [
            { status: "advance_paid", day: -42 },
            { status: "in_production", day: -41 },
            { status: "qc_failed", day: -2, passedShare: 0.75, note: "Six hoops with uneven hammering and a weak catch; back to the bench for rework." },
          ],
        },
        { producer: "sekar-lasem", dueDay: 35, steps: [{ status: "advance_paid", day: -8 }] },
        {
          producer: "jati-lestari-jepara",
          dueDay: 12,
          steps: [
            { status: "advance_paid", day: -42 },
            { status: "in_production", day: -40 },
            {
              status: "cancelled",
              day: -15,
              reason: "Oak & Loom dropped the bowls after a change in UK timber import checks; the group had turned and sanded most of them.",
              workDonePercent: 70,
            },
          ],
        },
      ],
    },
  },
  {
    key: "southern-cross-cafe",
    importerEmail: SOUTHERN_CROSS,
    incoterm: "FOB",
    importerNotes: "Stools and placemats for a café fit-out in Melbourne; our forwarder books the container from Tanjung Priok.",
    lines: [
      { sku: "KR-STL-043", quantity: 6 },
      { sku: "KR-PLM-048-NAT", quantity: 12 },
      { sku: "KR-PLM-048-RST", quantity: 12 },
    ],
    steps: [
      { kind: "requested", day: -60 },
      { kind: "priced", day: -56, validUntilDay: -26, leadTimeDays: 49 },
      { kind: "sent", day: -56 },
      { kind: "message", party: "importer", day: -50, message: "We'll go ahead. Could the placemats be ready first? The café opens before the stools are needed." },
      { kind: "accepted", day: -50 },
    ],
    // The deposit has not arrived, so neither group's advance is paid; the placemats are already past due.
    order: {
      status: "awaiting_deposit",
      production: [
        { producer: "rotan-asri-tegalwangi", dueDay: 40, steps: [] },
        { producer: "bunga-tanjung", dueDay: -3, steps: [] },
      ],
    },
  },
  {
    key: "southern-cross-lounge",
    importerEmail: SOUTHERN_CROSS,
    incoterm: "FOB",
    importerNotes: "Lounge chairs for the Fremantle store window.",
    lines: [{ sku: "KR-CHR-036-NAT", quantity: 6 }],
    steps: [
      { kind: "requested", day: -40 },
      { kind: "priced", day: -37, validUntilDay: -7, leadTimeDays: 42 },
      { kind: "sent", day: -37 },
      { kind: "declined", day: -30, message: "The chairs are beautiful, but landed in Fremantle they are above what our stores can carry this season." },
    ],
  },
  {
    key: "oak-loom-belts",
    importerEmail: OAK_AND_LOOM,
    incoterm: "CIF",
    destinationPort: "Felixstowe",
    importerNotes: "Belts for the men's corner, if the price works.",
    lines: [
      { sku: "KR-BLT-025-85", quantity: 6 },
      { sku: "KR-BLT-025-95", quantity: 6 },
    ],
    steps: [
      { kind: "requested", day: -50 },
      { kind: "priced", day: -45, validUntilDay: -15, leadTimeDays: 56, freightMinor: 18_500 },
      { kind: "sent", day: -45 },
      { kind: "expired", day: -14 },
    ],
  },
];

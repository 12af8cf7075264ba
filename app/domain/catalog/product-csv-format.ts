/** The product CSV's columns and limits, without the parser, so the import page can show them in the browser. */
export const productCsvColumns = [
  "product",
  "title",
  "summary",
  "description",
  "category",
  "producer",
  "status",
  "materials",
  "technique",
  "length_mm",
  "width_mm",
  "height_mm",
  "care_notes",
  "hs_code",
  "featured",
  "sku",
  "variant_title",
  "size",
  "colour",
  "finish",
  "retail_usd",
  "bazaar_idr",
  "producer_idr",
  "weight_g",
  "wholesale_moq",
  "case_pack",
  "tiers",
  "active",
] as const;
export type ProductCsvColumn = (typeof productCsvColumns)[number];

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_CSV_ROWS = 2000;

export const productCsvTemplate = [
  productCsvColumns.join(","),
  'lidded-rattan-basket,Lidded Rattan Basket,A round basket with a fitted lid.,"Woven by hand in Cirebon from rattan core.",home-decor,rotan-asri-tegalwangi,active,rattan,hand-woven,300,300,250,Dust with a dry brush.,4602.12,no,KR-RTN-LID-M,Medium,Medium,,,42.00,480000,190000,900,6,6,6:24.00;24:21.50,yes',
].join("\n");

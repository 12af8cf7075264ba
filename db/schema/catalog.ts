import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, currency, id, minor, timestamps } from "./columns";
import { plantingRecords } from "./impact";
import { producerGroups } from "./producers";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const productStatus = pgEnum("product_status", ["draft", "active", "archived"]);

export const categories = pgTable("categories", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  position: smallint("position").notNull().default(0),
  /** Active products in the category, kept by a trigger on products (migration 0008): the facet counts and listing totals. */
  activeProductCount: integer("active_product_count").notNull().default(0),
});

export const materials = pgTable("materials", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
});

export const products = pgTable(
  "products",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id),
    status: productStatus("status").notNull().default("active"),
    featured: boolean("featured").notNull().default(false),
    oneOfAKind: boolean("one_of_a_kind").notNull().default(false),
    /** Human-readable technique, e.g. "hand-woven on a backstrap loom". */
    /** The producer group's craft this piece is made with (one of its `crafts`): lead times come from its capacity. */
    craft: text("craft"),
    technique: text("technique").notNull().default(""),
    lengthMm: integer("length_mm"),
    widthMm: integer("width_mm"),
    heightMm: integer("height_mm"),
    careNotes: text("care_notes").notNull().default(""),
    hsCode: text("hs_code"),
    /** Denormalised words from related rows (category, materials, producer, craft) kept in step by the model. */
    searchKeywords: text("search_keywords").notNull().default(""),
    /**
     * Kept by triggers on variants, stock_levels and locations (migration 0008), so listings sort and filter on an
     * index: the lowest retail price of the active variants (null without one), and what can be sold online
     * (onlineAvailableSql's figure).
     */
    minPriceMinor: minor("min_price_minor"),
    onlineAvailable: integer("online_available").notNull().default(0),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${products.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${products.searchKeywords}, '')), 'B') || setweight(to_tsvector('english', coalesce(${products.summary}, '') || ' ' || coalesce(${products.description}, '')), 'C')`,
    ),
    ...timestamps,
  },
  (t) => [
    index("products_search_idx").using("gin", t.searchVector),
    // Typo-tolerant search ("baskit" finds basket) through pg_trgm's word similarity.
    index("products_title_trgm_idx").using("gin", sql`lower(${t.title}) gin_trgm_ops`),
    index("products_keywords_trgm_idx").using("gin", sql`lower(${t.searchKeywords}) gin_trgm_ops`),
    // "Best match" ranks a bounded set of candidates: the first found among the title matches, then among all.
    index("products_title_search_idx").using("gin", sql`to_tsvector('english', ${t.title})`),
    index("products_category_idx").on(t.categoryId, t.status),
    index("products_producer_idx").on(t.producerId),
    // Listing orders over active products, so ORDER BY … LIMIT 24 walks an index (the default: featured, in stock, id).
    index("products_listing_featured_idx").on(t.featured.desc().nullsFirst(), sql`(${t.onlineAvailable} > 0) desc`, t.id).where(sql`${t.status} = 'active'`),
    index("products_listing_category_idx").on(t.categoryId, t.featured.desc().nullsFirst(), sql`(${t.onlineAvailable} > 0) desc`, t.id).where(sql`${t.status} = 'active'`),
    index("products_listing_price_idx").on(t.minPriceMinor, t.id).where(sql`${t.status} = 'active'`),
    index("products_listing_price_desc_idx").on(t.minPriceMinor.desc().nullsFirst(), t.id).where(sql`${t.status} = 'active'`),
    // A producer group's pieces (its page, a product's "more from this group"): featured first, then by id.
    index("products_listing_producer_idx").on(t.producerId, t.featured.desc().nullsFirst(), t.id).where(sql`${t.status} = 'active'`),
    index("products_listing_newest_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} = 'active'`),
    index("products_listing_name_idx").on(t.title, t.id).where(sql`${t.status} = 'active'`),
  ],
);

/** Renamed products keep their old URLs working with a permanent redirect. */
export const productSlugRedirects = pgTable("product_slug_redirects", {
  oldSlug: text("old_slug").primaryKey(),
  productId: integer("product_id")
    .notNull()
    .references(() => products.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

export const productMaterials = pgTable(
  "product_materials",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    materialId: integer("material_id")
      .notNull()
      .references(() => materials.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.materialId] }), index("product_materials_material_idx").on(t.materialId, t.productId)],
);

export type VariantOptions = { size?: string; colour?: string; finish?: string };

export const variants = pgTable(
  "variants",
  {
    id: id(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text("sku").notNull().unique(),
    /** "Large / Indigo"; empty for a product's only variant. */
    title: text("title").notNull().default(""),
    options: jsonb("options").$type<VariantOptions>().notNull().default({}),
    position: smallint("position").notNull().default(0),
    retailPriceMinor: minor("retail_price_minor").notNull(),
    retailCurrency: currency("retail_currency").notNull().default("USD"),
    bazaarPriceMinor: minor("bazaar_price_minor").notNull(),
    bazaarCurrency: currency("bazaar_currency").notNull().default("IDR"),
    /** What the producer group is paid per piece. */
    producerPriceMinor: minor("producer_price_minor").notNull(),
    producerCurrency: currency("producer_currency").notNull().default("IDR"),
    weightGrams: integer("weight_grams").notNull(),
    /** Wholesale: minimum order quantity and the case pack importers order in. */
    wholesaleMoq: integer("wholesale_moq").notNull().default(1),
    casePack: integer("case_pack").notNull().default(1),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("variants_product_idx").on(t.productId, t.position),
    check("variant_prices_positive", sql`${t.retailPriceMinor} > 0 AND ${t.bazaarPriceMinor} > 0 AND ${t.producerPriceMinor} > 0`),
    check("variant_weight_positive", sql`${t.weightGrams} > 0`),
    check("variant_wholesale_positive", sql`${t.wholesaleMoq} >= 1 AND ${t.casePack} >= 1`),
  ],
);

/** Wholesale unit prices (USD) that apply from a quantity upwards. */
export const wholesalePriceTiers = pgTable(
  "wholesale_price_tiers",
  {
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    minQuantity: integer("min_quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    currency: currency().notNull().default("USD"),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.minQuantity] }),
    check("tier_positive", sql`${t.minQuantity} >= 1 AND ${t.unitPriceMinor} > 0`),
  ],
);

export type ImageVariantFormat = "avif" | "webp" | "jpeg";

/**
 * A processed image. Files live behind the storage interface under keys derived from `hash`:
 * `{hash}/original.{ext}` and `{hash}/{width}.{format}`. Exactly one owner column is set.
 */
export const images = pgTable(
  "images",
  {
    id: id(),
    hash: text("hash").notNull(),
    originalExt: text("original_ext").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** Widths rendered, ascending; every width exists in every format. */
    widths: integer("widths").array().notNull(),
    alt: text("alt").notNull(),
    /** Average colour, painted behind the image while it loads. */
    placeholder: text("placeholder").notNull().default("#e9e1d4"),
    productId: integer("product_id").references(() => products.id, { onDelete: "cascade" }),
    producerId: integer("producer_id").references(() => producerGroups.id, { onDelete: "cascade" }),
    plantingId: integer("planting_id").references(() => plantingRecords.id, { onDelete: "cascade" }),
    position: smallint("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("images_product_idx").on(t.productId, t.position),
    index("images_producer_idx").on(t.producerId, t.position),
    check(
      "image_one_owner",
      sql`num_nonnulls(${t.productId}, ${t.producerId}, ${t.plantingId}) <= 1`,
    ),
  ],
);

/**
 * A batch code printed on a tag or QR code; its public page says who made the pieces, when and where.
 */
export const batches = pgTable(
  "batches",
  {
    id: id(),
    code: text("code").notNull(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id),
    productionOrderId: integer("production_order_id"),
    madeFrom: date("made_from", { mode: "string" }),
    madeUntil: date("made_until", { mode: "string" }),
    makers: text("makers").notNull().default(""),
    notes: text("notes").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("batches_code_key").on(sql`upper(${t.code})`)],
);

export type Product = typeof products.$inferSelect;
export type Variant = typeof variants.$inferSelect;
export type Image = typeof images.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Material = typeof materials.$inferSelect;

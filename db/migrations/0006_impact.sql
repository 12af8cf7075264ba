CREATE TYPE "public"."evidence_gps" AS ENUM('matches', 'mismatch', 'missing');--> statement-breakpoint
CREATE TABLE "impact_month_closes" (
	"month" date PRIMARY KEY NOT NULL,
	"entry_count" integer NOT NULL,
	"usd_minor" bigint NOT NULL,
	"checksum" text NOT NULL,
	"previous_checksum" text,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "month_close_first_day" CHECK (extract(day from "impact_month_closes"."month") = 1),
	CONSTRAINT "month_close_checksum_hex" CHECK ("impact_month_closes"."checksum" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "planting_evidence" (
	"image_id" integer PRIMARY KEY NOT NULL,
	"planting_id" integer NOT NULL,
	"survival_check_id" integer,
	"gps" "evidence_gps" NOT NULL,
	"gps_latitude" double precision,
	"gps_longitude" double precision,
	"distance_metres" integer,
	"taken_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_gps_consistent" CHECK (("planting_evidence"."gps" = 'missing') = ("planting_evidence"."gps_latitude" IS NULL) AND ("planting_evidence"."gps_latitude" IS NULL) = ("planting_evidence"."gps_longitude" IS NULL) AND ("planting_evidence"."gps_latitude" IS NULL) = ("planting_evidence"."distance_metres" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "survival_checks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survival_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"planting_id" integer NOT NULL,
	"checked_on" date NOT NULL,
	"alive_count" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survival_alive_non_negative" CHECK ("survival_checks"."alive_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "planting_records" DROP CONSTRAINT "planting_positive";--> statement-breakpoint
-- Hand-written: the plantings seeded before this migration get the coordinates of their places, so every planting can be drawn on the map.
UPDATE "planting_records" SET "latitude" = v.lat, "longitude" = v.lng FROM (VALUES
  ('Gunung Kidul, Yogyakarta', -7.9650, 110.6010),
  ('Langkat, North Sumatra', 3.9970, 98.4460),
  ('Jepara, Central Java', -6.5890, 110.6680),
  ('Muara Angke, North Jakarta', -6.1050, 106.7640)
) AS v(place, lat, lng) WHERE "planting_records"."place" = v.place AND "planting_records"."latitude" IS NULL;--> statement-breakpoint
ALTER TABLE "planting_records" ALTER COLUMN "latitude" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "planting_records" ALTER COLUMN "longitude" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "planting_records" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "planting_records" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "planting_records" ADD COLUMN "verified_by" integer;--> statement-breakpoint
-- Hand-written: existing entries are booked when they occurred. The append-only trigger is paused for this one backfill.
ALTER TABLE "turnover_entries" ADD COLUMN "booked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "turnover_entries" DISABLE TRIGGER "turnover_entries_no_update";--> statement-breakpoint
UPDATE "turnover_entries" SET "booked_at" = "occurred_at";--> statement-breakpoint
ALTER TABLE "turnover_entries" ENABLE TRIGGER "turnover_entries_no_update";--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "booked_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "booked_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "planting_evidence" ADD CONSTRAINT "planting_evidence_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planting_evidence" ADD CONSTRAINT "planting_evidence_planting_id_planting_records_id_fk" FOREIGN KEY ("planting_id") REFERENCES "public"."planting_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planting_evidence" ADD CONSTRAINT "planting_evidence_survival_check_id_survival_checks_id_fk" FOREIGN KEY ("survival_check_id") REFERENCES "public"."survival_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survival_checks" ADD CONSTRAINT "survival_checks_planting_id_planting_records_id_fk" FOREIGN KEY ("planting_id") REFERENCES "public"."planting_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survival_checks" ADD CONSTRAINT "survival_checks_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "planting_evidence_planting_idx" ON "planting_evidence" USING btree ("planting_id","image_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survival_check_once_a_day" ON "survival_checks" USING btree ("planting_id","checked_on");--> statement-breakpoint
ALTER TABLE "planting_records" ADD CONSTRAINT "planting_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planting_records" ADD CONSTRAINT "planting_records_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "planting_planted_on_idx" ON "planting_records" USING btree ("planted_on","id");--> statement-breakpoint
CREATE INDEX "turnover_booked_idx" ON "turnover_entries" USING btree ("booked_at");--> statement-breakpoint
ALTER TABLE "planting_records" ADD CONSTRAINT "planting_on_the_map" CHECK ("planting_records"."latitude" BETWEEN -11.5 AND 6.5 AND "planting_records"."longitude" BETWEEN 94.5 AND 141.5);--> statement-breakpoint
ALTER TABLE "planting_records" ADD CONSTRAINT "planting_date_sane" CHECK ("planting_records"."planted_on" >= '2000-01-01');--> statement-breakpoint
ALTER TABLE "planting_records" ADD CONSTRAINT "planting_positive" CHECK ("planting_records"."tree_count" > 0 AND "planting_records"."tree_count" <= 1000000);--> statement-breakpoint
-- Hand-written: an entry is booked when it occurred, unless its month is already closed: then it is booked at the
-- start of the first open month (months in Asia/Jakarta). A closed month therefore never gains an entry.
CREATE FUNCTION "turnover_entries_book"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_from timestamptz;
BEGIN
  SELECT (max("month") + interval '1 month')::timestamp AT TIME ZONE 'Asia/Jakarta' INTO open_from FROM "impact_month_closes";
  NEW."booked_at" := greatest(NEW."occurred_at", coalesce(open_from, NEW."occurred_at"));
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "turnover_entries_booked" BEFORE INSERT ON "turnover_entries" FOR EACH ROW EXECUTE FUNCTION "turnover_entries_book"();--> statement-breakpoint
-- Hand-written: a closed month is published; it is never edited or removed.
CREATE FUNCTION "impact_month_closes_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'impact_month_closes is append-only: a closed month stays as published' USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "impact_month_closes_no_update" BEFORE UPDATE OR DELETE ON "impact_month_closes" FOR EACH ROW EXECUTE FUNCTION "impact_month_closes_append_only"();--> statement-breakpoint
CREATE TRIGGER "impact_month_closes_no_truncate" BEFORE TRUNCATE ON "impact_month_closes" FOR EACH STATEMENT EXECUTE FUNCTION "impact_month_closes_append_only"();--> statement-breakpoint
-- Hand-written: wholesale payments received before turnover counted them become entries now, each dated when it
-- was received, for its pieces' part (not the freight), split between the producer groups by the order's lines
-- (largest remainder, so parts add up).
INSERT INTO "turnover_entries" ("channel", "source_id", "kind", "entry_key", "producer_id", "currency", "amount_minor", "rate_micros", "usd_minor", "occurred_at")
WITH goods AS (
  -- The pieces' part of each payment: freight and insurance paid with them are no handicraft turnover.
  SELECT p."id", p."currency", p."rate_micros", p."received_at", p."wholesale_order_id",
    CASE WHEN o."total_minor" <= 0 THEN 0
      WHEN lines."goods" >= o."total_minor" THEN p."amount_minor"
      ELSE round(p."amount_minor"::numeric * lines."goods" / o."total_minor")::bigint END AS "amount_minor"
  FROM "wholesale_payments" p
  JOIN "wholesale_orders" o ON o."id" = p."wholesale_order_id"
  CROSS JOIN LATERAL (SELECT coalesce(sum(l."quantity"::numeric * l."unit_price_minor"), 0) AS "goods" FROM "wholesale_order_lines" l WHERE l."wholesale_order_id" = p."wholesale_order_id") lines
  WHERE NOT EXISTS (SELECT 1 FROM "turnover_entries" t WHERE t."channel" = 'wholesale' AND t."source_id" = p."id"::text)
), pay AS (
  SELECT goods.*,
    round((goods."amount_minor"::numeric * 100 * 1000000) / (goods."rate_micros"::numeric * CASE WHEN goods."currency" IN ('JPY', 'KRW', 'VND') THEN 1 ELSE 100 END))::bigint AS "usd_minor"
  FROM goods
), weights AS (
  SELECT l."wholesale_order_id", pr."producer_id", sum(l."quantity"::numeric * l."unit_price_minor") AS "w", min(l."id") AS "first_line"
  FROM "wholesale_order_lines" l JOIN "variants" v ON v."id" = l."variant_id" JOIN "products" pr ON pr."id" = v."product_id"
  GROUP BY l."wholesale_order_id", pr."producer_id"
), parts AS (
  SELECT pay.*, w."producer_id", w."first_line",
    CASE WHEN sum(w."w") OVER (PARTITION BY pay."id") = 0 THEN 1 ELSE w."w" END AS "w"
  FROM pay JOIN weights w ON w."wholesale_order_id" = pay."wholesale_order_id"
), totals AS (
  SELECT parts.*, sum(parts."w") OVER (PARTITION BY parts."id") AS "total_w" FROM parts
), floors AS (
  SELECT totals.*,
    div(totals."amount_minor"::numeric * totals."w", totals."total_w") AS "amount_base", mod(totals."amount_minor"::numeric * totals."w", totals."total_w") AS "amount_rem",
    div(totals."usd_minor"::numeric * totals."w", totals."total_w") AS "usd_base", mod(totals."usd_minor"::numeric * totals."w", totals."total_w") AS "usd_rem"
  FROM totals
), ranked AS (
  SELECT floors.*,
    row_number() OVER (PARTITION BY floors."id" ORDER BY floors."amount_rem" DESC, floors."first_line") AS "amount_rank",
    floors."amount_minor" - sum(floors."amount_base") OVER (PARTITION BY floors."id") AS "amount_left",
    row_number() OVER (PARTITION BY floors."id" ORDER BY floors."usd_rem" DESC, floors."first_line") AS "usd_rank",
    floors."usd_minor" - sum(floors."usd_base") OVER (PARTITION BY floors."id") AS "usd_left"
  FROM floors
)
SELECT 'wholesale'::"turnover_channel", ranked."id"::text, 'sale'::"turnover_kind", '', ranked."producer_id", ranked."currency",
  (ranked."amount_base" + CASE WHEN ranked."amount_rank" <= ranked."amount_left" THEN 1 ELSE 0 END)::bigint,
  ranked."rate_micros",
  (ranked."usd_base" + CASE WHEN ranked."usd_rank" <= ranked."usd_left" THEN 1 ELSE 0 END)::bigint,
  ranked."received_at"
FROM ranked
ON CONFLICT DO NOTHING;
CREATE TYPE "public"."retail_payment_method" AS ENUM('stripe', 'demo');--> statement-breakpoint
CREATE TYPE "public"."quote_event_kind" AS ENUM('requested', 'message', 'priced', 'sent', 'changes_requested', 'accepted', 'declined', 'expired');--> statement-breakpoint
CREATE TYPE "public"."quote_party" AS ENUM('importer', 'staff', 'system');--> statement-breakpoint
CREATE TYPE "public"."wholesale_payment_kind" AS ENUM('deposit', 'balance');--> statement-breakpoint
CREATE TYPE "public"."wholesale_payment_method" AS ENUM('stripe', 'bank_transfer');--> statement-breakpoint
CREATE TYPE "public"."payout_method" AS ENUM('bank_transfer', 'cash');--> statement-breakpoint
CREATE TYPE "public"."qc_result" AS ENUM('passed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."pos_payment_method" AS ENUM('cash', 'qris', 'card', 'transfer');--> statement-breakpoint
CREATE TYPE "public"."reconciliation_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."turnover_channel" AS ENUM('retail', 'wholesale', 'bazaar');--> statement-breakpoint
CREATE TYPE "public"."stripe_event_outcome" AS ENUM('handled', 'not_applied', 'no_handler', 'unknown_kind', 'not_routed');--> statement-breakpoint
CREATE TYPE "public"."turnover_kind" AS ENUM('sale', 'refund');--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'return';--> statement-breakpoint
-- Hand-moved: the targets of the composite keys below come first.
ALTER TABLE "locations" ADD CONSTRAINT "locations_id_kind_key" UNIQUE("id","kind");--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_id_order_key" UNIQUE("id","production_order_id");--> statement-breakpoint
CREATE TABLE "quote_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quote_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"quote_id" integer NOT NULL,
	"kind" "quote_event_kind" NOT NULL,
	"party" "quote_party" NOT NULL,
	"user_id" integer,
	"version" integer,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_event_message" CHECK ("quote_events"."kind" <> 'message' OR length("quote_events"."message") > 0)
);
--> statement-breakpoint
CREATE TABLE "quote_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quote_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"quote_id" integer NOT NULL,
	"version" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"currency" char(3) DEFAULT 'USD' NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"freight_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"valid_until" date NOT NULL,
	"lead_time_days" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_version_once" UNIQUE("quote_id","version"),
	CONSTRAINT "quote_version_total" CHECK ("quote_versions"."total_minor" = "quote_versions"."subtotal_minor" + "quote_versions"."freight_minor" AND "quote_versions"."subtotal_minor" >= 0 AND "quote_versions"."freight_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wholesale_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wholesale_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"wholesale_order_id" integer NOT NULL,
	"kind" "wholesale_payment_kind" NOT NULL,
	"method" "wholesale_payment_method" NOT NULL,
	"currency" char(3) DEFAULT 'USD' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"rate_micros" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"stripe_checkout_session_id" text,
	"stripe_payment_intent_id" text,
	"reference" text,
	"proof_file" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wholesale_payments_stripe_checkout_session_id_unique" UNIQUE("stripe_checkout_session_id"),
	CONSTRAINT "wholesale_payment_positive" CHECK ("wholesale_payments"."amount_minor" > 0 AND "wholesale_payments"."rate_micros" > 0),
	CONSTRAINT "wholesale_payment_stripe_session" CHECK ("wholesale_payments"."method" <> 'stripe' OR "wholesale_payments"."stripe_checkout_session_id" IS NOT NULL),
	CONSTRAINT "wholesale_payment_transfer_reference" CHECK ("wholesale_payments"."method" <> 'bank_transfer' OR length(coalesce("wholesale_payments"."reference", '')) > 0)
);
--> statement-breakpoint
ALTER TABLE "wholesale_orders" DROP CONSTRAINT "wholesale_orders_stripe_checkout_session_id_unique";--> statement-breakpoint
ALTER TABLE "turnover_entries" DROP CONSTRAINT "turnover_once";--> statement-breakpoint
ALTER TABLE "stock_levels" DROP CONSTRAINT "stock_on_hand_non_negative";--> statement-breakpoint
ALTER TABLE "stock_levels" DROP CONSTRAINT "stock_available_non_negative";--> statement-breakpoint
ALTER TABLE "pos_sales" DROP CONSTRAINT "pos_total";--> statement-breakpoint
ALTER TABLE "stock_levels" DROP CONSTRAINT "stock_levels_location_id_locations_id_fk";
--> statement-breakpoint
ALTER TABLE "payouts" ALTER COLUMN "method" SET DATA TYPE "public"."payout_method" USING "method"::text::"public"."payout_method";--> statement-breakpoint
ALTER TABLE "qc_inspections" ALTER COLUMN "result" SET DATA TYPE "public"."qc_result" USING "result"::"public"."qc_result";--> statement-breakpoint
ALTER TABLE "pos_sales" ALTER COLUMN "payment_method" SET DATA TYPE "public"."pos_payment_method" USING "payment_method"::text::"public"."pos_payment_method";--> statement-breakpoint
ALTER TABLE "reconciliation_tasks" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "reconciliation_tasks" ALTER COLUMN "status" SET DATA TYPE "public"."reconciliation_status" USING "status"::"public"."reconciliation_status";--> statement-breakpoint
ALTER TABLE "reconciliation_tasks" ALTER COLUMN "status" SET DEFAULT 'open'::"public"."reconciliation_status";--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "channel" SET DATA TYPE "public"."turnover_channel" USING "channel"::"public"."turnover_channel";--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "kind" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "kind" SET DATA TYPE "public"."turnover_kind" USING "kind"::"public"."turnover_kind";--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "kind" SET DEFAULT 'sale'::"public"."turnover_kind";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "craft" text;--> statement-breakpoint
-- Hand-written: a product's craft starts as its producer group's first craft; staff refine it.
UPDATE "products" p SET "craft" = g."crafts"[1] FROM "producer_groups" g WHERE g."id" = p."producer_id" AND cardinality(g."crafts") > 0;--> statement-breakpoint
-- Hand-written: added empty, filled from each level's location, then required.
ALTER TABLE "stock_levels" ADD COLUMN "location_kind" "location_kind";--> statement-breakpoint
UPDATE "stock_levels" sl SET "location_kind" = l."kind" FROM "locations" l WHERE l."id" = sl."location_id";--> statement-breakpoint
ALTER TABLE "stock_levels" ALTER COLUMN "location_kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_method" "retail_payment_method";--> statement-breakpoint
-- Hand-written: every order with a payment on file was paid through Stripe, or through the demo checkout.
UPDATE "orders" SET "payment_method" = CASE WHEN "demo" THEN 'demo'::"retail_payment_method" ELSE 'stripe'::"retail_payment_method" END WHERE "paid_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "advance_payout_id" integer;--> statement-breakpoint
-- Hand-written: sales synced before devices were numbered get one legacy device, numbered by id.
ALTER TABLE "pos_sales" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "device_seq" integer;--> statement-breakpoint
UPDATE "pos_sales" SET "device_id" = 'legacy', "device_seq" = "id";--> statement-breakpoint
ALTER TABLE "pos_sales" ALTER COLUMN "device_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "pos_sales" ALTER COLUMN "device_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "rate_micros" bigint;--> statement-breakpoint
UPDATE "pos_sales" SET "rate_micros" = CASE WHEN "total_usd_minor" > 0 THEN round("total_minor" * 1000000.0 / "total_usd_minor")::bigint ELSE 16000000000 END;--> statement-breakpoint
ALTER TABLE "pos_sales" ALTER COLUMN "rate_micros" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD COLUMN "producer_id" integer;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD COLUMN "entry_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD COLUMN "currency" char(3) DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD COLUMN "amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD COLUMN "rate_micros" bigint DEFAULT 1000000 NOT NULL;--> statement-breakpoint
-- Hand-written: entries so far were kept in US cents only. Retail ones get their order's currency and rate back;
-- the rest were US dollars.
UPDATE "turnover_entries" SET "amount_minor" = "usd_minor";--> statement-breakpoint
UPDATE "turnover_entries" t SET "currency" = o."currency", "rate_micros" = o."rate_micros",
  "amount_minor" = CASE WHEN t."kind" = 'sale' THEN o."total_minor" ELSE -o."refunded_minor" END
  FROM "orders" o WHERE t."channel" = 'retail' AND t."source_id" = o."id"::text;--> statement-breakpoint
ALTER TABLE "turnover_entries" ALTER COLUMN "amount_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "quote_events" ADD CONSTRAINT "quote_events_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_events" ADD CONSTRAINT "quote_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_versions" ADD CONSTRAINT "quote_versions_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_versions" ADD CONSTRAINT "quote_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wholesale_payments" ADD CONSTRAINT "wholesale_payments_wholesale_order_id_wholesale_orders_id_fk" FOREIGN KEY ("wholesale_order_id") REFERENCES "public"."wholesale_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wholesale_payments" ADD CONSTRAINT "wholesale_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quote_events_quote_idx" ON "quote_events" USING btree ("quote_id","created_at");--> statement-breakpoint
CREATE INDEX "wholesale_payments_order_idx" ON "wholesale_payments" USING btree ("wholesale_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wholesale_one_deposit" ON "wholesale_payments" USING btree ("wholesale_order_id") WHERE "wholesale_payments"."kind" = 'deposit';--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_location_fk" FOREIGN KEY ("location_id","location_kind") REFERENCES "public"."locations"("id","kind") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_pos_sale_id_pos_sales_id_fk" FOREIGN KEY ("pos_sale_id") REFERENCES "public"."pos_sales"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "importers" ADD CONSTRAINT "importers_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_priced_by_users_id_fk" FOREIGN KEY ("priced_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_advance_payout_fk" FOREIGN KEY ("advance_payout_id","id") REFERENCES "public"."payouts"("id","production_order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD CONSTRAINT "turnover_entries_producer_id_producer_groups_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producer_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_importer_idx" ON "users" USING btree ("importer_id");--> statement-breakpoint
CREATE INDEX "stock_movements_level_idx" ON "stock_movements" USING btree ("variant_id","location_id");--> statement-breakpoint
CREATE INDEX "stock_movements_pos_sale_idx" ON "stock_movements" USING btree ("pos_sale_id");--> statement-breakpoint
CREATE INDEX "stock_movements_transfer_idx" ON "stock_movements" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "order_lines_variant_idx" ON "order_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "order_lines_producer_idx" ON "order_lines" USING btree ("producer_id");--> statement-breakpoint
CREATE INDEX "orders_cart_idx" ON "orders" USING btree ("cart_id");--> statement-breakpoint
CREATE INDEX "orders_payment_intent_idx" ON "orders" USING btree ("stripe_payment_intent_id");--> statement-breakpoint
CREATE INDEX "quote_lines_quote_idx" ON "quote_lines" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "quote_lines_variant_idx" ON "quote_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "quotes_status_idx" ON "quotes" USING btree ("status","valid_until");--> statement-breakpoint
CREATE INDEX "wholesale_order_lines_order_idx" ON "wholesale_order_lines" USING btree ("wholesale_order_id");--> statement-breakpoint
CREATE INDEX "wholesale_orders_importer_idx" ON "wholesale_orders" USING btree ("importer_id","created_at");--> statement-breakpoint
CREATE INDEX "production_order_lines_order_idx" ON "production_order_lines" USING btree ("production_order_id");--> statement-breakpoint
CREATE INDEX "production_orders_wholesale_idx" ON "production_orders" USING btree ("wholesale_order_id");--> statement-breakpoint
CREATE INDEX "pos_sale_lines_sale_idx" ON "pos_sale_lines" USING btree ("sale_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_one_open" ON "reconciliation_tasks" USING btree ("event_id","variant_id") WHERE "reconciliation_tasks"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "turnover_once" ON "turnover_entries" USING btree ("channel","source_id","kind","entry_key",coalesce("producer_id", 0));--> statement-breakpoint
CREATE INDEX "turnover_producer_idx" ON "turnover_entries" USING btree ("producer_id","occurred_at");--> statement-breakpoint
ALTER TABLE "wholesale_orders" DROP COLUMN "deposit_paid_at";--> statement-breakpoint
ALTER TABLE "wholesale_orders" DROP COLUMN "deposit_method";--> statement-breakpoint
ALTER TABLE "wholesale_orders" DROP COLUMN "deposit_reference";--> statement-breakpoint
ALTER TABLE "wholesale_orders" DROP COLUMN "stripe_checkout_session_id";--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_sale_device_seq" UNIQUE("device_id","device_seq");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale" CHECK ("users"."locale" IN ('en', 'id'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_importer_has_company" CHECK ("users"."role" <> 'importer' OR "users"."importer_id" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_online_is_warehouse" CHECK (NOT "locations"."sells_online" OR "locations"."kind" = 'warehouse');--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_on_hand_non_negative" CHECK ("stock_levels"."location_kind" = 'event' OR "stock_levels"."on_hand" >= 0);--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_available_non_negative" CHECK ("stock_levels"."location_kind" = 'event' OR "stock_levels"."on_hand" - "stock_levels"."reserved" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "order_payment_status" CHECK ("orders"."payment_status" IS NULL OR "orders"."payment_status" IN ('paid', 'unpaid', 'no_payment_required', 'processing'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "order_paid_has_method" CHECK ("orders"."paid_at" IS NULL OR "orders"."payment_method" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quote_version_positive" CHECK ("quotes"."version" >= 1);--> statement-breakpoint
ALTER TABLE "wholesale_order_lines" ADD CONSTRAINT "wholesale_line_quantity" CHECK ("wholesale_order_lines"."quantity" > 0 AND "wholesale_order_lines"."unit_price_minor" >= 0);--> statement-breakpoint
ALTER TABLE "wholesale_orders" ADD CONSTRAINT "wholesale_deposit_range" CHECK ("wholesale_orders"."deposit_minor" BETWEEN 0 AND "wholesale_orders"."total_minor");--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_needs_advance" CHECK ("production_orders"."status" IN ('draft', 'cancelled') OR "production_orders"."advance_payout_id" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_device_seq_positive" CHECK ("pos_sales"."device_seq" >= 1);--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_cash_change" CHECK ("pos_sales"."payment_method" <> 'cash' OR ("pos_sales"."tendered_minor" >= "pos_sales"."total_minor" AND "pos_sales"."change_minor" = "pos_sales"."tendered_minor" - "pos_sales"."total_minor"));--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_receipt_principle" CHECK ("pos_sales"."receipt_principle" BETWEEN 1 AND 10);--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_total" CHECK ("pos_sales"."total_minor" >= 0 AND "pos_sales"."total_usd_minor" >= 0 AND "pos_sales"."rate_micros" > 0);--> statement-breakpoint
ALTER TABLE "reconciliation_tasks" ADD CONSTRAINT "reconciliation_shortfall_positive" CHECK ("reconciliation_tasks"."shortfall" > 0);--> statement-breakpoint
ALTER TABLE "reconciliation_tasks" ADD CONSTRAINT "reconciliation_resolved" CHECK ("reconciliation_tasks"."status" = 'open' OR ("reconciliation_tasks"."resolved_at" IS NOT NULL AND length(coalesce("reconciliation_tasks"."resolution", '')) > 0));--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD CONSTRAINT "turnover_sign" CHECK (("turnover_entries"."kind" = 'sale' AND "turnover_entries"."usd_minor" >= 0 AND "turnover_entries"."amount_minor" >= 0) OR ("turnover_entries"."kind" = 'refund' AND "turnover_entries"."usd_minor" <= 0 AND "turnover_entries"."amount_minor" <= 0));--> statement-breakpoint
ALTER TABLE "turnover_entries" ADD CONSTRAINT "turnover_rate_positive" CHECK ("turnover_entries"."rate_micros" > 0);--> statement-breakpoint
DROP TYPE "public"."payment_method";--> statement-breakpoint
ALTER TABLE "stripe_events" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD COLUMN "outcome" "stripe_event_outcome";--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_event_kind_length" CHECK (length("stripe_events"."kind") <= 64);--> statement-breakpoint
ALTER TABLE "payouts" DROP CONSTRAINT "payout_once_per_kind";--> statement-breakpoint
ALTER TABLE "payouts" DROP CONSTRAINT "payout_positive";--> statement-breakpoint
ALTER TABLE "importers" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "importers" ADD COLUMN "expected_volume" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "importers" ADD COLUMN "deposit_percent" smallint DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "importers" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "importers" ADD COLUMN "review_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "corrects_payout_id" integer;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_corrects_payout_id_payouts_id_fk" FOREIGN KEY ("corrects_payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "importers_contact_email_key" ON "importers" USING btree (lower("contact_email"));--> statement-breakpoint
CREATE INDEX "importers_status_idx" ON "importers" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_once_per_kind" ON "payouts" USING btree ("production_order_id","kind") WHERE "payouts"."corrects_payout_id" IS NULL;--> statement-breakpoint
CREATE INDEX "payouts_corrects_idx" ON "payouts" USING btree ("corrects_payout_id");--> statement-breakpoint
ALTER TABLE "importers" ADD CONSTRAINT "importers_deposit_percent" CHECK ("importers"."deposit_percent" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "importers" ADD CONSTRAINT "importers_approved" CHECK ("importers"."status" <> 'approved' OR "importers"."approved_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "importers" ADD CONSTRAINT "importers_rejected" CHECK ("importers"."status" <> 'rejected' OR "importers"."rejected_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payout_correction_explained" CHECK ("payouts"."corrects_payout_id" IS NULL OR length("payouts"."note") > 0);--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payout_positive" CHECK ("payouts"."amount_minor" > 0 OR ("payouts"."corrects_payout_id" IS NOT NULL AND "payouts"."amount_minor" <> 0));--> statement-breakpoint
-- Hand-written: turnover is append-only. A refund is a new negative row; nothing edits or removes history.
CREATE FUNCTION "turnover_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'turnover_entries is append-only: record a new entry instead of changing one' USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "turnover_entries_no_update" BEFORE UPDATE OR DELETE ON "turnover_entries" FOR EACH ROW EXECUTE FUNCTION "turnover_entries_append_only"();--> statement-breakpoint
CREATE TRIGGER "turnover_entries_no_truncate" BEFORE TRUNCATE ON "turnover_entries" FOR EACH STATEMENT EXECUTE FUNCTION "turnover_entries_append_only"();--> statement-breakpoint
-- Hand-written: payouts are append-only too; a mistake is put right by a correction row that references it.
CREATE FUNCTION "payouts_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payouts are append-only: record a correction that references the payout instead' USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "payouts_no_update" BEFORE UPDATE OR DELETE ON "payouts" FOR EACH ROW EXECUTE FUNCTION "payouts_append_only"();

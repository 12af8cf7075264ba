ALTER TYPE "public"."payout_kind" ADD VALUE 'settlement';--> statement-breakpoint
CREATE TABLE "wholesale_basket_lines" (
	"importer_id" integer NOT NULL,
	"variant_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wholesale_basket_lines_importer_id_variant_id_pk" PRIMARY KEY("importer_id","variant_id"),
	CONSTRAINT "basket_quantity" CHECK ("wholesale_basket_lines"."quantity" > 0 AND "wholesale_basket_lines"."quantity" <= 100000)
);
--> statement-breakpoint
CREATE TABLE "production_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "production_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"production_order_id" integer NOT NULL,
	"status" "production_status" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "production_order_id" integer;--> statement-breakpoint
ALTER TABLE "quote_lines" ADD COLUMN "below_cost_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "wholesale_orders" ADD COLUMN "deposit_checkout_session_id" text;--> statement-breakpoint
ALTER TABLE "wholesale_orders" ADD COLUMN "deposit_demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "qc_passed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "cancel_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "work_done_percent" smallint;--> statement-breakpoint
ALTER TABLE "production_orders" ADD COLUMN "owed_on_cancel_minor" bigint;--> statement-breakpoint
-- Hand-written: inspections recorded before quantities existed count as one piece inspected, passed if the result was.
ALTER TABLE "qc_inspections" ADD COLUMN "quantity_inspected" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "qc_inspections" ADD COLUMN "quantity_passed" integer NOT NULL DEFAULT 0;--> statement-breakpoint
UPDATE "qc_inspections" SET "quantity_passed" = CASE WHEN "result" = 'passed' THEN 1 ELSE 0 END;--> statement-breakpoint
ALTER TABLE "qc_inspections" ALTER COLUMN "quantity_inspected" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "qc_inspections" ALTER COLUMN "quantity_passed" DROP DEFAULT;--> statement-breakpoint
-- Hand-written: orders cancelled before these columns existed were cancelled when last updated, owing nothing recorded.
UPDATE "production_orders" SET "cancelled_at" = "updated_at", "owed_on_cancel_minor" = 0 WHERE "status" = 'cancelled';--> statement-breakpoint
ALTER TABLE "wholesale_basket_lines" ADD CONSTRAINT "wholesale_basket_lines_importer_id_importers_id_fk" FOREIGN KEY ("importer_id") REFERENCES "public"."importers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wholesale_basket_lines" ADD CONSTRAINT "wholesale_basket_lines_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_events" ADD CONSTRAINT "production_events_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_events" ADD CONSTRAINT "production_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "production_events_order_idx" ON "production_events" USING btree ("production_order_id","created_at");--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_movements_production_idx" ON "stock_movements" USING btree ("production_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "production_orders_batch_code_key" ON "production_orders" USING btree ("batch_code");--> statement-breakpoint
CREATE INDEX "qc_inspections_order_idx" ON "qc_inspections" USING btree ("production_order_id","inspected_at");--> statement-breakpoint
ALTER TABLE "wholesale_orders" ADD CONSTRAINT "wholesale_orders_deposit_checkout_session_id_unique" UNIQUE("deposit_checkout_session_id");--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_cancelled_when" CHECK ("production_orders"."status" <> 'cancelled' OR ("production_orders"."cancelled_at" IS NOT NULL AND "production_orders"."owed_on_cancel_minor" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_work_done_percent" CHECK ("production_orders"."work_done_percent" IS NULL OR "production_orders"."work_done_percent" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_owed_non_negative" CHECK ("production_orders"."owed_on_cancel_minor" IS NULL OR "production_orders"."owed_on_cancel_minor" >= 0);--> statement-breakpoint
ALTER TABLE "qc_inspections" ADD CONSTRAINT "qc_quantities" CHECK ("qc_inspections"."quantity_inspected" > 0 AND "qc_inspections"."quantity_passed" BETWEEN 0 AND "qc_inspections"."quantity_inspected");
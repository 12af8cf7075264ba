CREATE TYPE "public"."transfer_direction" AS ENUM('to_event', 'to_warehouse');--> statement-breakpoint
CREATE TYPE "public"."transfer_status" AS ENUM('sent', 'received');--> statement-breakpoint
CREATE TABLE "stock_transfer_lines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_transfer_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"transfer_id" integer NOT NULL,
	"variant_id" integer NOT NULL,
	"quantity_sent" integer NOT NULL,
	"quantity_received" integer,
	"difference_reason" text,
	CONSTRAINT "transfer_line_once" UNIQUE("transfer_id","variant_id"),
	CONSTRAINT "transfer_line_sent_positive" CHECK ("stock_transfer_lines"."quantity_sent" > 0),
	CONSTRAINT "transfer_line_received_range" CHECK ("stock_transfer_lines"."quantity_received" IS NULL OR "stock_transfer_lines"."quantity_received" >= 0),
	CONSTRAINT "transfer_line_difference_reason" CHECK ("stock_transfer_lines"."quantity_received" IS NULL OR "stock_transfer_lines"."quantity_received" = "stock_transfer_lines"."quantity_sent" OR length(coalesce("stock_transfer_lines"."difference_reason", '')) > 0)
);
--> statement-breakpoint
CREATE TABLE "pos_devices" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" integer,
	"user_id" integer,
	"label" text DEFAULT '' NOT NULL,
	"issued_seq" integer DEFAULT 0 NOT NULL,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pos_device_counts" CHECK ("pos_devices"."issued_seq" >= 0 AND "pos_devices"."pending_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pos_set_aside_sales" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pos_set_aside_sales_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"fingerprint" text NOT NULL,
	"device_id" text NOT NULL,
	"event_id" integer,
	"client_sale_id" text,
	"device_seq" integer,
	"payload" jsonb NOT NULL,
	"reason" text NOT NULL,
	"user_id" integer,
	"resolution" text,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pos_set_aside_sales_fingerprint_unique" UNIQUE("fingerprint"),
	CONSTRAINT "pos_set_aside_resolved" CHECK ("pos_set_aside_sales"."resolved_at" IS NULL OR length(coalesce("pos_set_aside_sales"."resolution", '')) > 0)
);
--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "event_id" integer;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "direction" "transfer_direction";--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "status" "transfer_status" DEFAULT 'sent' NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "received_by" integer;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "opening_float_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "cash_sales_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "denominations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "qris_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "card_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "transfer_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "sale_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "day_closes" ADD COLUMN "overridden_by" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "opening_float_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "qris_payload" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "qris_merchant_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "verified_by" integer;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "offline" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD COLUMN "business_date" date NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_transfer_id_stock_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."stock_transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_devices" ADD CONSTRAINT "pos_devices_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_devices" ADD CONSTRAINT "pos_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_set_aside_sales" ADD CONSTRAINT "pos_set_aside_sales_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_set_aside_sales" ADD CONSTRAINT "pos_set_aside_sales_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_set_aside_sales" ADD CONSTRAINT "pos_set_aside_sales_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pos_set_aside_event_idx" ON "pos_set_aside_sales" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "pos_set_aside_device_idx" ON "pos_set_aside_sales" USING btree ("device_id");--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_closes" ADD CONSTRAINT "day_closes_overridden_by_users_id_fk" FOREIGN KEY ("overridden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_sales" ADD CONSTRAINT "pos_sales_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_transfers_event_idx" ON "stock_transfers" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "pos_sales_event_day_idx" ON "pos_sales" USING btree ("event_id","business_date");--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_code_unique" UNIQUE("code");--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "transfer_two_places" CHECK ("stock_transfers"."from_location_id" <> "stock_transfers"."to_location_id");--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "transfer_received_when" CHECK (("stock_transfers"."status" = 'received') = ("stock_transfers"."received_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "day_closes" ADD CONSTRAINT "day_close_amounts" CHECK ("day_closes"."opening_float_minor" >= 0 AND "day_closes"."counted_cash_minor" >= 0 AND "day_closes"."cash_sales_minor" >= 0 AND "day_closes"."qris_minor" >= 0 AND "day_closes"."card_minor" >= 0 AND "day_closes"."transfer_minor" >= 0 AND "day_closes"."sale_count" >= 0);--> statement-breakpoint
ALTER TABLE "day_closes" ADD CONSTRAINT "day_close_expected" CHECK ("day_closes"."expected_cash_minor" = "day_closes"."opening_float_minor" + "day_closes"."cash_sales_minor");--> statement-breakpoint
ALTER TABLE "day_closes" ADD CONSTRAINT "day_close_difference_noted" CHECK ("day_closes"."counted_cash_minor" = "day_closes"."expected_cash_minor" OR length("day_closes"."notes") > 0);--> statement-breakpoint
ALTER TABLE "day_closes" ADD CONSTRAINT "day_close_override_reason" CHECK ("day_closes"."override_reason" IS NULL OR length("day_closes"."override_reason") > 0);--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "event_float_non_negative" CHECK ("events"."opening_float_minor" >= 0);
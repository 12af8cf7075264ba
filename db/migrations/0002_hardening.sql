CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "placed_from" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_problem" text;--> statement-breakpoint
CREATE INDEX "products_title_trgm_idx" ON "products" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
-- Older databases may hold several unpaid orders of one cart (parallel checkouts): keep the newest attached.
UPDATE "orders" SET "cart_id" = NULL WHERE "id" IN (SELECT "id" FROM (SELECT "id", row_number() OVER (PARTITION BY "cart_id" ORDER BY "created_at" DESC, "id" DESC) AS "rn" FROM "orders" WHERE "status" = 'pending_payment' AND "cart_id" IS NOT NULL) AS "ranked" WHERE "rn" > 1);--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_pending_per_cart" ON "orders" USING btree ("cart_id") WHERE "orders"."status" = 'pending_payment';--> statement-breakpoint
CREATE INDEX "orders_pending_from_idx" ON "orders" USING btree ("placed_from") WHERE "orders"."status" = 'pending_payment';
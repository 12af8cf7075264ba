DROP INDEX "product_materials_material_idx";--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "active_product_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "min_price_minor" bigint;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "online_available" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "products_listing_featured_idx" ON "products" USING btree ("featured" DESC NULLS FIRST,("online_available" > 0) desc,"id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_category_idx" ON "products" USING btree ("category_id","featured" DESC NULLS FIRST,("online_available" > 0) desc,"id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_price_idx" ON "products" USING btree ("min_price_minor","id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_price_desc_idx" ON "products" USING btree ("min_price_minor" DESC NULLS FIRST,"id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_producer_idx" ON "products" USING btree ("producer_id","featured" DESC NULLS FIRST,"id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_newest_idx" ON "products" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "products_listing_name_idx" ON "products" USING btree ("title","id") WHERE "products"."status" = 'active';--> statement-breakpoint
CREATE INDEX "product_materials_material_idx" ON "product_materials" USING btree ("material_id","product_id");--> statement-breakpoint
CREATE INDEX "products_keywords_trgm_idx" ON "products" USING gin (lower("search_keywords") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_title_search_idx" ON "products" USING gin (to_tsvector('english', "title"));--> statement-breakpoint
-- Hand-written: the listing figures are kept by the database, so every writer (the stock ledger, the back office,
-- imports, a hand-run UPDATE) keeps them right. Statement-level triggers: one refresh per statement, whatever its size.
--
-- A product's lowest active retail price and what it can sell online, recomputed from its rows. Its product rows
-- are locked first, in id order: concurrent writers to one product wait for each other (no lost update: a waiter's
-- next statement sees what the first committed), and two checkouts never lock each other's products crosswise.
CREATE FUNCTION "products_refresh_listing"(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM products p JOIN unnest(ids) AS u(id) ON p.id = u.id ORDER BY p.id FOR NO KEY UPDATE OF p;
  -- Each product by its own index lookups (its variants, their level at the online location), planned afresh
  -- for each call (EXECUTE) so the plan fits the batch's size and the tables' current statistics.
  EXECUTE $sql$
    UPDATE products p SET min_price_minor = f.min_price, online_available = f.available
    FROM (
      SELECT x.id, price.min_price, stock.available
      FROM unnest($1) AS x(id)
      CROSS JOIN LATERAL (SELECT min(v.retail_price_minor) AS min_price FROM variants v
        WHERE v.product_id = x.id AND v.active) price
      CROSS JOIN LATERAL (SELECT coalesce(sum(s.on_hand - s.reserved), 0)::integer AS available FROM variants v
        JOIN stock_levels s ON s.variant_id = v.id AND s.location_id = ANY($2)
        WHERE v.product_id = x.id AND v.active) stock
    ) f
    WHERE p.id = f.id AND (p.min_price_minor IS DISTINCT FROM f.min_price OR p.online_available <> f.available)
  $sql$ USING ids, array(SELECT id FROM locations WHERE sells_online);
END $$;
--> statement-breakpoint
CREATE FUNCTION "variants_refresh_listing"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM products_refresh_listing(array(SELECT DISTINCT product_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM products_refresh_listing(array(SELECT DISTINCT product_id FROM old_rows));
  ELSE
    PERFORM products_refresh_listing(array(
      SELECT DISTINCT unnest(ARRAY[o.product_id, n.product_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.retail_price_minor IS DISTINCT FROM o.retail_price_minor OR n.active IS DISTINCT FROM o.active OR n.product_id <> o.product_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "variants_listing_insert" AFTER INSERT ON "variants" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "variants_refresh_listing"();--> statement-breakpoint
CREATE TRIGGER "variants_listing_update" AFTER UPDATE ON "variants" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "variants_refresh_listing"();--> statement-breakpoint
CREATE TRIGGER "variants_listing_delete" AFTER DELETE ON "variants" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "variants_refresh_listing"();--> statement-breakpoint
-- Only levels at the location that sells online count; a deleted level may have lost its location in the same statement.
CREATE FUNCTION "stock_levels_refresh_listing"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM products_refresh_listing(array(SELECT DISTINCT v.product_id FROM new_rows n JOIN variants v ON v.id = n.variant_id
      JOIN locations l ON l.id = n.location_id AND l.sells_online));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM products_refresh_listing(array(SELECT DISTINCT v.product_id FROM old_rows o JOIN variants v ON v.id = o.variant_id));
  ELSE
    PERFORM products_refresh_listing(array(SELECT DISTINCT v.product_id FROM (SELECT variant_id, location_id FROM new_rows UNION SELECT variant_id, location_id FROM old_rows) r
      JOIN variants v ON v.id = r.variant_id JOIN locations l ON l.id = r.location_id AND l.sells_online));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stock_levels_listing_insert" AFTER INSERT ON "stock_levels" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stock_levels_refresh_listing"();--> statement-breakpoint
CREATE TRIGGER "stock_levels_listing_update" AFTER UPDATE ON "stock_levels" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stock_levels_refresh_listing"();--> statement-breakpoint
CREATE TRIGGER "stock_levels_listing_delete" AFTER DELETE ON "stock_levels" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "stock_levels_refresh_listing"();--> statement-breakpoint
-- Another location starting (or stopping) to sell online changes every product's figure: rare, so recompute all.
CREATE FUNCTION "locations_refresh_listing"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.sells_online IS DISTINCT FROM o.sells_online) THEN
    PERFORM products_refresh_listing(array(SELECT id FROM products));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "locations_listing_update" AFTER UPDATE ON "locations" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "locations_refresh_listing"();--> statement-breakpoint
-- Active products per category, moved by each statement's net change. Categories are locked in id order; the
-- UPDATE adds to the row as the last committed writer left it, so concurrent writers lose nothing.
CREATE FUNCTION "categories_move_counts"(ids integer[], deltas integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM categories WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE categories c SET active_product_count = c.active_product_count + d.n FROM unnest(ids, deltas) AS d(id, n) WHERE c.id = d.id;
END $$;
--> statement-breakpoint
CREATE FUNCTION "products_count_categories"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
  deltas integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(category_id ORDER BY category_id), array_agg(n ORDER BY category_id) INTO ids, deltas
    FROM (SELECT category_id, count(*)::integer AS n FROM new_rows WHERE status = 'active' GROUP BY 1) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(category_id ORDER BY category_id), array_agg(n ORDER BY category_id) INTO ids, deltas
    FROM (SELECT category_id, -count(*)::integer AS n FROM old_rows WHERE status = 'active' GROUP BY 1) d;
  ELSE
    -- Net change per category from one pass over each side (no join of the two: a big statement's rows spill).
    SELECT array_agg(category_id ORDER BY category_id), array_agg(n ORDER BY category_id) INTO ids, deltas
    FROM (
      SELECT category_id, sum(n)::integer AS n FROM (
        SELECT category_id, count(*) AS n FROM new_rows WHERE status = 'active' GROUP BY 1
        UNION ALL
        SELECT category_id, -count(*) FROM old_rows WHERE status = 'active' GROUP BY 1
      ) x GROUP BY 1 HAVING sum(n) <> 0
    ) d;
  END IF;
  PERFORM categories_move_counts(ids, deltas);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "products_categories_insert" AFTER INSERT ON "products" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "products_count_categories"();--> statement-breakpoint
CREATE TRIGGER "products_categories_update" AFTER UPDATE ON "products" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "products_count_categories"();--> statement-breakpoint
CREATE TRIGGER "products_categories_delete" AFTER DELETE ON "products" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "products_count_categories"();--> statement-breakpoint
-- What the triggers would have kept since the first product.
UPDATE "products" p SET
  "min_price_minor" = (SELECT min(v.retail_price_minor) FROM variants v WHERE v.product_id = p.id AND v.active),
  "online_available" = (SELECT coalesce(sum(s.on_hand - s.reserved), 0) FROM stock_levels s
    JOIN variants v ON v.id = s.variant_id JOIN locations l ON l.id = s.location_id AND l.sells_online
    WHERE v.product_id = p.id AND v.active);--> statement-breakpoint
UPDATE "categories" c SET "active_product_count" = (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.status = 'active');
--> statement-breakpoint
-- 0007's page invalidation for products, except that it ignores the two kept columns (they move with a variant or
-- a stock level, whose own triggers already name the pages: a sale must not purge every listing through its
-- product), and names pages only for rows that changed.
CREATE OR REPLACE FUNCTION kriya_pages_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(
      SELECT unnest(ARRAY['product:' || n.id, 'producer:' || n.producer_id, 'category:' || n.category_id]) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(
      SELECT unnest(ARRAY['product:' || o.id, 'producer:' || o.producer_id, 'category:' || o.category_id]) FROM old_rows o));
  ELSE
    -- Only when a row really changed: the kept columns' refresh runs an UPDATE that may change nothing.
    PERFORM kriya_notify_pages(ARRAY(
      SELECT unnest(ARRAY['listing', 'product:' || n.id, 'producer:' || n.producer_id, 'category:' || n.category_id,
                          'producer:' || o.producer_id, 'category:' || o.category_id])
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE to_jsonb(n) - 'min_price_minor' - 'online_available' IS DISTINCT FROM to_jsonb(o) - 'min_price_minor' - 'online_available'));
  END IF;
  RETURN NULL;
END;
$$;

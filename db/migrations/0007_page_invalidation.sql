-- Full-page cache invalidation (ADR 017). Every catalogue write tells every app server which cached pages it
-- touched, by surrogate key, on channel `kriya_pages`. NOTIFY is transactional: servers hear it when the write
-- commits, never for a write that rolls back, so a page is never re-rendered from data that is about to vanish.
-- Statement-level triggers with transition tables send one notification per statement, however many rows.
-- Keys: product:<id>, producer:<id>, category:<id>, listing (every listing, search and the home page),
-- availability (listings ordered or filtered by "in stock"), rates (every page with a price), impact.

CREATE OR REPLACE FUNCTION kriya_notify_pages(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  payload text;
BEGIN
  SELECT string_agg(DISTINCT k, ' ' ORDER BY k) INTO payload FROM unnest(keys) AS k WHERE k IS NOT NULL;
  IF payload IS NULL THEN
    RETURN;
  END IF;
  -- A NOTIFY payload holds under 8000 bytes; a write that touches more pages than that purges everything.
  IF octet_length(payload) > 7000 THEN
    payload := 'all';
  END IF;
  PERFORM pg_notify('kriya_pages', payload);
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kriya_pages_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(
      SELECT unnest(ARRAY['product:' || n.id, 'producer:' || n.producer_id, 'category:' || n.category_id]) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(
      SELECT unnest(ARRAY['product:' || o.id, 'producer:' || o.producer_id, 'category:' || o.category_id]) FROM old_rows o));
  ELSE
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(
      SELECT unnest(ARRAY['product:' || n.id, 'producer:' || n.producer_id, 'category:' || n.category_id,
                          'producer:' || o.producer_id, 'category:' || o.category_id])
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      -- Figures the database keeps on the row itself (the lowest price, what sells online) are announced by the
      -- variant and stock writes that moved them, more precisely than here.
      WHERE to_jsonb(n) - 'min_price_minor' - 'online_available' - 'updated_at'
        IS DISTINCT FROM to_jsonb(o) - 'min_price_minor' - 'online_available' - 'updated_at'));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER products_pages_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_products();
--> statement-breakpoint
CREATE TRIGGER products_pages_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_products();
--> statement-breakpoint
CREATE TRIGGER products_pages_delete AFTER DELETE ON products REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_products();
--> statement-breakpoint
-- A variant's price or activity moves it between listings and sort positions; anything else shows on its product only.
CREATE OR REPLACE FUNCTION kriya_pages_variants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(SELECT 'product:' || n.product_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(SELECT 'product:' || o.product_id FROM old_rows o));
  ELSE
    PERFORM kriya_notify_pages(ARRAY(
      SELECT unnest(ARRAY['product:' || n.product_id, 'product:' || o.product_id,
        CASE WHEN n.retail_price_minor IS DISTINCT FROM o.retail_price_minor OR n.active IS DISTINCT FROM o.active
               OR n.product_id IS DISTINCT FROM o.product_id THEN 'listing' END])
      FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n IS DISTINCT FROM o));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER variants_pages_insert AFTER INSERT ON variants REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_variants();
--> statement-breakpoint
CREATE TRIGGER variants_pages_update AFTER UPDATE ON variants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_variants();
--> statement-breakpoint
CREATE TRIGGER variants_pages_delete AFTER DELETE ON variants REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_variants();
--> statement-breakpoint
-- Stock that the shop sells online: any change of what is available shows on the product's pages at once;
-- a piece selling out (or coming back) also reorders the listings sorted or filtered by "in stock".
CREATE OR REPLACE FUNCTION kriya_pages_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kriya_notify_pages(ARRAY(
      SELECT unnest(ARRAY['product:' || v.product_id, CASE WHEN n.on_hand - n.reserved > 0 THEN 'availability' END])
      FROM new_rows n JOIN variants v ON v.id = n.variant_id JOIN locations l ON l.id = n.location_id
      WHERE l.sells_online AND n.on_hand - n.reserved <> 0));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY(
      SELECT unnest(ARRAY['product:' || v.product_id, CASE WHEN o.on_hand - o.reserved > 0 THEN 'availability' END])
      FROM old_rows o JOIN variants v ON v.id = o.variant_id JOIN locations l ON l.id = o.location_id
      WHERE l.sells_online AND o.on_hand - o.reserved <> 0));
  ELSE
    PERFORM kriya_notify_pages(ARRAY(
      SELECT unnest(ARRAY['product:' || v.product_id,
        CASE WHEN (n.on_hand - n.reserved > 0) <> (o.on_hand - o.reserved > 0) THEN 'availability' END])
      FROM new_rows n JOIN old_rows o ON o.variant_id = n.variant_id AND o.location_id = n.location_id
        JOIN variants v ON v.id = n.variant_id JOIN locations l ON l.id = n.location_id
      WHERE l.sells_online AND n.on_hand - n.reserved <> o.on_hand - o.reserved));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stock_levels_pages_insert AFTER INSERT ON stock_levels REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_stock();
--> statement-breakpoint
CREATE TRIGGER stock_levels_pages_update AFTER UPDATE ON stock_levels REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_stock();
--> statement-breakpoint
CREATE TRIGGER stock_levels_pages_delete AFTER DELETE ON stock_levels REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_stock();
--> statement-breakpoint
-- Whether a location sells online decides which stock the shop shows.
CREATE OR REPLACE FUNCTION kriya_pages_locations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.sells_online IS DISTINCT FROM o.sells_online) THEN
    PERFORM kriya_notify_pages(ARRAY['all']);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER locations_pages_update AFTER UPDATE ON locations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_locations();
--> statement-breakpoint
-- Photos belong to a product, a producer group or a planting.
CREATE OR REPLACE FUNCTION kriya_pages_images() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kriya_notify_pages(ARRAY(SELECT unnest(ARRAY['product:' || n.product_id, 'producer:' || n.producer_id,
      CASE WHEN n.planting_id IS NOT NULL THEN 'impact' END]) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY(SELECT unnest(ARRAY['product:' || o.product_id, 'producer:' || o.producer_id,
      CASE WHEN o.planting_id IS NOT NULL THEN 'impact' END]) FROM old_rows o));
  ELSE
    PERFORM kriya_notify_pages(ARRAY(SELECT unnest(ARRAY['product:' || n.product_id, 'producer:' || n.producer_id,
      'product:' || o.product_id, 'producer:' || o.producer_id,
      CASE WHEN n.planting_id IS NOT NULL OR o.planting_id IS NOT NULL THEN 'impact' END])
      FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n IS DISTINCT FROM o));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER images_pages_insert AFTER INSERT ON images REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_images();
--> statement-breakpoint
CREATE TRIGGER images_pages_update AFTER UPDATE ON images REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_images();
--> statement-breakpoint
CREATE TRIGGER images_pages_delete AFTER DELETE ON images REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_images();
--> statement-breakpoint
-- A producer group's story, place and field visits show on its page and on every piece it made (provenance).
CREATE OR REPLACE FUNCTION kriya_pages_producer_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  column_name text := TG_ARGV[0];
  touched text[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('SELECT array_agg(DISTINCT ''producer:'' || %I) FROM new_rows', column_name) INTO touched;
    PERFORM kriya_notify_pages(coalesce(touched, '{}'));
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE format('SELECT array_agg(DISTINCT ''producer:'' || %I) FROM old_rows', column_name) INTO touched;
    PERFORM kriya_notify_pages(coalesce(touched, '{}'));
  END IF;
  -- A group that joins or leaves the shop changes the listings' producer filter.
  IF TG_TABLE_NAME = 'producer_groups' THEN
    PERFORM kriya_notify_pages(ARRAY['listing']);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER producer_groups_pages_insert AFTER INSERT ON producer_groups REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('id');
--> statement-breakpoint
CREATE TRIGGER producer_groups_pages_update AFTER UPDATE ON producer_groups REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('id');
--> statement-breakpoint
CREATE TRIGGER producer_groups_pages_delete AFTER DELETE ON producer_groups REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('id');
--> statement-breakpoint
CREATE TRIGGER field_visits_pages_insert AFTER INSERT ON field_visits REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('producer_id');
--> statement-breakpoint
CREATE TRIGGER field_visits_pages_update AFTER UPDATE ON field_visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('producer_id');
--> statement-breakpoint
CREATE TRIGGER field_visits_pages_delete AFTER DELETE ON field_visits REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_producer_rows('producer_id');
--> statement-breakpoint
-- A visit's checks are written after the visit row: the visit's group is looked up.
CREATE OR REPLACE FUNCTION kriya_pages_visit_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY(SELECT DISTINCT 'producer:' || fv.producer_id FROM old_rows o JOIN field_visits fv ON fv.id = o.visit_id));
  ELSE
    PERFORM kriya_notify_pages(ARRAY(SELECT DISTINCT 'producer:' || fv.producer_id FROM new_rows n JOIN field_visits fv ON fv.id = n.visit_id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER field_visit_checks_pages_insert AFTER INSERT ON field_visit_checks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_visit_checks();
--> statement-breakpoint
CREATE TRIGGER field_visit_checks_pages_update AFTER UPDATE ON field_visit_checks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_visit_checks();
--> statement-breakpoint
CREATE TRIGGER field_visit_checks_pages_delete AFTER DELETE ON field_visit_checks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_visit_checks();
--> statement-breakpoint
-- Materials shown on a piece, and the material filter's choices.
CREATE OR REPLACE FUNCTION kriya_pages_product_materials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(SELECT DISTINCT 'product:' || o.product_id FROM old_rows o));
  ELSE
    PERFORM kriya_notify_pages(ARRAY['listing'] || ARRAY(SELECT DISTINCT 'product:' || n.product_id FROM new_rows n));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER product_materials_pages_insert AFTER INSERT ON product_materials REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_product_materials();
--> statement-breakpoint
CREATE TRIGGER product_materials_pages_delete AFTER DELETE ON product_materials REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_product_materials();
--> statement-breakpoint
-- Whole-shop keys: names of categories and materials show everywhere; a rate changes every converted price;
-- plantings, survival checks and evidence are the impact page's.
CREATE OR REPLACE FUNCTION kriya_pages_constant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kriya_notify_pages(TG_ARGV::text[]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER categories_pages AFTER INSERT OR DELETE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('all');
--> statement-breakpoint
-- A category's name, text or place shows everywhere; its count of pieces is kept by the database as pieces
-- come and go, and those writes announce themselves.
CREATE OR REPLACE FUNCTION kriya_pages_categories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE to_jsonb(n) - 'active_product_count' IS DISTINCT FROM to_jsonb(o) - 'active_product_count') THEN
    PERFORM kriya_notify_pages(ARRAY['all']);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER categories_pages_update AFTER UPDATE ON categories REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_categories();
--> statement-breakpoint
CREATE TRIGGER materials_pages AFTER INSERT OR UPDATE OR DELETE ON materials
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('all');
--> statement-breakpoint
CREATE TRIGGER exchange_rates_pages AFTER INSERT OR UPDATE OR DELETE ON exchange_rates
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('rates');
--> statement-breakpoint
CREATE TRIGGER planting_records_pages AFTER INSERT OR UPDATE OR DELETE ON planting_records
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('impact');
--> statement-breakpoint
CREATE TRIGGER survival_checks_pages AFTER INSERT OR UPDATE OR DELETE ON survival_checks
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('impact');
--> statement-breakpoint
CREATE TRIGGER planting_evidence_pages AFTER INSERT OR UPDATE OR DELETE ON planting_evidence
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('impact');
--> statement-breakpoint
CREATE TRIGGER impact_month_closes_pages AFTER INSERT ON impact_month_closes
  FOR EACH STATEMENT EXECUTE FUNCTION kriya_pages_constant('impact');

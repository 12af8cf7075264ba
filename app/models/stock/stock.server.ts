import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { locations, orders, products, stockLevels, stockMovements, users, variants } from "~db/schema";
import { availableQuantity, LOW_STOCK_THRESHOLD, type MovementKind, type StockLevelState } from "~/domain/stock/stock";
import { adjustmentReason, adjustmentReasonText, planAdjustment, stockAdjustmentInput, type AdjustmentReason, type QuantityChange } from "~/domain/stock/stock-adjustment";
import { STOCK_PAGE_SIZE, type StockListQuery } from "~/domain/stock/stock-list-query";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { recordAudit } from "~/models/platform/audit.server";
import { levelOf, lockStockLevels, recordMovements } from "./ledger.server";

// ——— Back office: stock levels, hand adjustments and the ledger ———

export type StockLocation = { id: number; code: string; name: string; kind: "warehouse" | "event"; sellsOnline: boolean };

/** Every stock location: the online warehouse first, then other warehouses, then event locations. */
export async function listStockLocations(db: Executor): Promise<StockLocation[]> {
  return db
    .select({ id: locations.id, code: locations.code, name: locations.name, kind: locations.kind, sellsOnline: locations.sellsOnline })
    .from(locations)
    .orderBy(desc(locations.sellsOnline), asc(locations.kind), asc(locations.name));
}

export type LevelCell = { onHand: number; reserved: number; available: number } | null;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of variants with their level at each shown location (null where the variant has never been stocked).
 * "Low" is judged at the chosen location, or at the online warehouse like the dashboard.
 */
export async function listStockPage(db: Executor, input: { query: StockListQuery; locations: StockLocation[]; pageSize?: number }) {
  const { query } = input;
  const pageSize = input.pageSize ?? STOCK_PAGE_SIZE;
  const shown = query.locationId ? input.locations.filter((l) => l.id === query.locationId) : input.locations;
  const lowAt = query.locationId ?? input.locations.find((l) => l.sellsOnline)?.id;

  const filters: SQL[] = [];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(products.title, pattern), ilike(variants.title, pattern), ilike(variants.sku, pattern))!);
  }
  if (query.lowOnly) {
    const at = lowAt === undefined ? sql`` : sql` and ${stockLevels.locationId} = ${lowAt}`;
    filters.push(
      sql`coalesce((select min(${stockLevels.onHand} - ${stockLevels.reserved}) from ${stockLevels} where ${stockLevels.variantId} = ${variants.id}${at}), 0) <= ${LOW_STOCK_THRESHOLD}`,
    );
  }
  const where = filters.length ? and(...filters) : undefined;

  const [rows, [counted]] = await Promise.all([
    db
      .select({ variantId: variants.id, sku: variants.sku, variantTitle: variants.title, productTitle: products.title, productStatus: products.status, variantActive: variants.active })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(where)
      .orderBy(asc(products.title), asc(products.id), asc(variants.position), asc(variants.sku))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db.select({ total: count() }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(where),
  ]);

  const levels = rows.length
    ? await db
        .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
        .from(stockLevels)
        .where(and(inArray(stockLevels.variantId, rows.map((r) => r.variantId)), query.locationId ? eq(stockLevels.locationId, query.locationId) : undefined))
    : [];
  const byKey = new Map(levels.map((l) => [`${l.variantId}:${l.locationId}`, l]));
  const total = counted?.total ?? 0;
  return {
    locations: shown,
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    rows: rows.map((r) => ({
      ...r,
      levels: shown.map((l): LevelCell => {
        const level = byKey.get(`${r.variantId}:${l.id}`);
        return level ? { onHand: level.onHand, reserved: level.reserved, available: availableQuantity(level) } : null;
      }),
    })),
  };
}

export async function findVariantIdBySku(db: Executor, { sku }: { sku: string }) {
  const [row] = await db.select({ id: variants.id }).from(variants).where(sql`lower(${variants.sku}) = lower(${sku})`);
  return row?.id ?? null;
}

/** A variant with its level at every location, for the stock detail page; null when there is no such variant. */
export async function getVariantStock(db: Executor, { variantId }: { variantId: number }) {
  const [variant] = await db
    .select({ id: variants.id, sku: variants.sku, variantTitle: variants.title, productTitle: products.title, productSlug: products.slug, productStatus: products.status })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId));
  if (!variant) return null;
  const levels = await db
    .select({ locationId: locations.id, locationName: locations.name, kind: locations.kind, sellsOnline: locations.sellsOnline, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(locations)
    .leftJoin(stockLevels, and(eq(stockLevels.locationId, locations.id), eq(stockLevels.variantId, variantId)))
    .orderBy(desc(locations.sellsOnline), asc(locations.kind), asc(locations.name));
  return {
    ...variant,
    levels: levels.map((l) => {
      const level = { onHand: l.onHand ?? 0, reserved: l.reserved ?? 0 };
      return { ...l, ...level, available: availableQuantity(level), tracked: l.onHand !== null };
    }),
  };
}

/** The variant's ledger, newest first, with who made each movement and the order it belongs to. */
export async function listStockMovements(db: Executor, input: { variantId: number; limit?: number }) {
  return db
    .select({
      id: stockMovements.id,
      createdAt: stockMovements.createdAt,
      kind: stockMovements.kind,
      onHandDelta: stockMovements.onHandDelta,
      reservedDelta: stockMovements.reservedDelta,
      reason: stockMovements.reason,
      locationName: locations.name,
      userName: users.name,
      orderNumber: orders.number,
    })
    .from(stockMovements)
    .innerJoin(locations, eq(locations.id, stockMovements.locationId))
    .leftJoin(users, eq(users.id, stockMovements.userId))
    .leftJoin(orders, eq(orders.id, stockMovements.orderId))
    .where(eq(stockMovements.variantId, input.variantId))
    .orderBy(desc(stockMovements.id))
    .limit(input.limit ?? 100);
}

export type AdjustStockInput = {
  variantId: number;
  locationId: number;
  reason: AdjustmentReason;
  note?: string;
  userId: number;
  ip?: string | null;
} & QuantityChange;

export type AdjustedStock = { kind: MovementKind; sku: string; locationName: string; onHandDelta: number; before: StockLevelState; after: StockLevelState };

/**
 * A hand adjustment in one transaction: lock the level, plan the movement against what is really there,
 * append it to the ledger and write the audit entry. A refusal (invalid, not_found, conflict) changes nothing and says why.
 */
export async function adjustStock(db: Executor, input: AdjustStockInput): Promise<AdjustedStock> {
  const parsed = stockAdjustmentInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw Refusal.invalid(issue.message, { field: issue.path[0] === undefined ? undefined : String(issue.path[0]) });
  }
  const { variantId, locationId, reason, note } = parsed.data;
  const change: QuantityChange = parsed.data.delta !== undefined ? { delta: parsed.data.delta } : { countedQuantity: parsed.data.countedQuantity! };
  try {
    return await db.transaction(async (tx) => {
      const [target] = await tx
        .select({ sku: variants.sku, locationName: locations.name })
        .from(variants)
        .innerJoin(locations, eq(locations.id, locationId))
        .where(eq(variants.id, variantId));
      if (!target) throw Refusal.notFound("There is no such variant or location.");

      // Counts are planned against the locked level (a first stocking creates the empty row), so two never add up.
      const level = levelOf(await lockStockLevels(tx, { keys: [{ variantId, locationId }] }), { variantId, locationId })!;
      const before = { onHand: level.onHand, reserved: level.reserved };

      const planned = planAdjustment(before, change, reason);
      if (!planned.ok) throw Refusal.conflict(planned.message, { field: "quantity" });
      const { plan } = planned;

      await recordMovements(tx, { movements: [{ variantId, locationId, kind: plan.kind, quantity: plan.quantity, reason: adjustmentReasonText(reason, note, change.countedQuantity), userId: input.userId }] });
      await recordAudit(tx, {
        userId: input.userId,
        action: plan.kind === "receipt" ? "receive" : "adjust",
        entityType: "stock_level",
        entityId: `${variantId}:${locationId}`,
        changes: {
          sku: target.sku,
          location: target.locationName,
          reason: adjustmentReason(reason).label,
          ...(note ? { note } : {}),
          ...(change.countedQuantity !== undefined ? { counted: change.countedQuantity } : {}),
          onHand: { from: before.onHand, to: plan.after.onHand },
          reserved: before.reserved,
          available: { from: availableQuantity(before), to: availableQuantity(plan.after) },
        },
        ip: input.ip,
      });
      return { kind: plan.kind, sku: target.sku, locationName: target.locationName, onHandDelta: plan.delta.onHandDelta, before, after: plan.after };
    });
  } catch (error) {
    if (isRefusal(error)) throw error;
    // The level's CHECKs are the backstop should anything slip past the plan.
    if (pgErrorCode(error) === PG.checkViolation) throw Refusal.conflict("That would take stock below zero or below what is reserved. Nothing was changed.", { field: "quantity" });
    throw error;
  }
}

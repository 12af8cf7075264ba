import { sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { stockLevels, stockMovements } from "~db/schema";
import { movementDelta, type MovementKind } from "~/domain/stock";

export type MovementInput = {
  variantId: number;
  locationId: number;
  kind: MovementKind;
  quantity: number;
  reason?: string;
  orderId?: string;
  posSaleId?: number;
  transferId?: number;
  userId?: number;
};

/**
 * Appends to the ledger and moves the level in step. Callers run it inside their transaction;
 * the level's CHECK constraints reject anything that would take stock below zero.
 */
export async function recordMovement(tx: Executor, input: MovementInput) {
  const delta = movementDelta(input.kind, input.quantity);
  await tx
    .insert(stockLevels)
    .values({ variantId: input.variantId, locationId: input.locationId, onHand: delta.onHandDelta, reserved: delta.reservedDelta })
    .onConflictDoUpdate({
      target: [stockLevels.variantId, stockLevels.locationId],
      set: {
        onHand: sql`${stockLevels.onHand} + ${delta.onHandDelta}`,
        reserved: sql`${stockLevels.reserved} + ${delta.reservedDelta}`,
        updatedAt: sql`now()`,
      },
    });
  await tx.insert(stockMovements).values({
    variantId: input.variantId,
    locationId: input.locationId,
    kind: input.kind,
    onHandDelta: delta.onHandDelta,
    reservedDelta: delta.reservedDelta,
    reason: input.reason,
    orderId: input.orderId,
    posSaleId: input.posSaleId,
    transferId: input.transferId,
    userId: input.userId,
  });
}

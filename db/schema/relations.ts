import { relations } from "drizzle-orm";
import { batches, categories, images, materials, productMaterials, products, variants, wholesalePriceTiers } from "./catalog";
import { fieldVisitChecks, fieldVisits, producerCapacities, producerGroups } from "./producers";
import { cartLines, carts, orderEvents, orderLines, orders } from "./retail";
import { stockLevels, locations } from "./stock";

export const producerGroupsRelations = relations(producerGroups, ({ many }) => ({
  products: many(products),
  fieldVisits: many(fieldVisits),
  capacities: many(producerCapacities),
  images: many(images),
}));

export const producerCapacitiesRelations = relations(producerCapacities, ({ one }) => ({
  producer: one(producerGroups, { fields: [producerCapacities.producerId], references: [producerGroups.id] }),
}));

export const fieldVisitsRelations = relations(fieldVisits, ({ one, many }) => ({
  producer: one(producerGroups, { fields: [fieldVisits.producerId], references: [producerGroups.id] }),
  checks: many(fieldVisitChecks),
}));

export const fieldVisitChecksRelations = relations(fieldVisitChecks, ({ one }) => ({
  visit: one(fieldVisits, { fields: [fieldVisitChecks.visitId], references: [fieldVisits.id] }),
}));

export const categoriesRelations = relations(categories, ({ many }) => ({ products: many(products) }));

export const productsRelations = relations(products, ({ one, many }) => ({
  category: one(categories, { fields: [products.categoryId], references: [categories.id] }),
  producer: one(producerGroups, { fields: [products.producerId], references: [producerGroups.id] }),
  variants: many(variants),
  images: many(images),
  materials: many(productMaterials),
  batches: many(batches),
}));

export const productMaterialsRelations = relations(productMaterials, ({ one }) => ({
  product: one(products, { fields: [productMaterials.productId], references: [products.id] }),
  material: one(materials, { fields: [productMaterials.materialId], references: [materials.id] }),
}));

export const materialsRelations = relations(materials, ({ many }) => ({ products: many(productMaterials) }));

export const variantsRelations = relations(variants, ({ one, many }) => ({
  product: one(products, { fields: [variants.productId], references: [products.id] }),
  stock: many(stockLevels),
  tiers: many(wholesalePriceTiers),
}));

export const wholesalePriceTiersRelations = relations(wholesalePriceTiers, ({ one }) => ({
  variant: one(variants, { fields: [wholesalePriceTiers.variantId], references: [variants.id] }),
}));

export const imagesRelations = relations(images, ({ one }) => ({
  product: one(products, { fields: [images.productId], references: [products.id] }),
  producer: one(producerGroups, { fields: [images.producerId], references: [producerGroups.id] }),
}));

export const batchesRelations = relations(batches, ({ one }) => ({
  product: one(products, { fields: [batches.productId], references: [products.id] }),
  producer: one(producerGroups, { fields: [batches.producerId], references: [producerGroups.id] }),
}));

export const stockLevelsRelations = relations(stockLevels, ({ one }) => ({
  variant: one(variants, { fields: [stockLevels.variantId], references: [variants.id] }),
  location: one(locations, { fields: [stockLevels.locationId], references: [locations.id] }),
}));

export const cartsRelations = relations(carts, ({ many }) => ({ lines: many(cartLines) }));
export const cartLinesRelations = relations(cartLines, ({ one }) => ({
  cart: one(carts, { fields: [cartLines.cartId], references: [carts.id] }),
  variant: one(variants, { fields: [cartLines.variantId], references: [variants.id] }),
}));

export const ordersRelations = relations(orders, ({ many }) => ({ lines: many(orderLines), events: many(orderEvents) }));
export const orderLinesRelations = relations(orderLines, ({ one }) => ({
  order: one(orders, { fields: [orderLines.orderId], references: [orders.id] }),
}));
export const orderEventsRelations = relations(orderEvents, ({ one }) => ({
  order: one(orders, { fields: [orderEvents.orderId], references: [orders.id] }),
}));

/** The largest id an `integer` identity column holds: a form or link naming a bigger one names nothing. */
export const MAX_ROW_ID = 2_147_483_647;

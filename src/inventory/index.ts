/** The inventory module: a Runtime-Supervisor inventory (project.yaml + hosts/<node>/services.yaml) → Desired with placement. */
export { InventoryCode } from "./inventory-codes.js";
export { isInventoryPath, loadInventory } from "./load-inventory.js";
export { type ParseInventoryOptions, parseInventory } from "./parse-inventory.js";
export { type HostSource, type InventorySources, readInventory } from "./read-inventory.js";

export type { Case } from "./case-builders.js";
export { cases1 } from "./cases-1.js";
export { cases2 } from "./cases-2.js";
export { cases3 } from "./cases-3.js";

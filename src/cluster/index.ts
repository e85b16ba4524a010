export type * from "./cluster-observation.js";

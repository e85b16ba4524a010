export { type FakeContainer, FakeRuntime } from "./fake-runtime.js";

export { Deduper } from "./dedup.js";
export { type AttemptReport, DeliveryQueue, type Post, type PostResult } from "./delivery.js";
export { type RenderedRequest, renderRequest } from "./formats.js";
export { httpPost } from "./http-post.js";
export { NOTIFICATION_SCHEMA, type Notification, type NotifyReason } from "./notification.js";
export { Notifier, type NotifierDeps, receiverLabel } from "./notifier.js";
export { redactUrl } from "./redact-url.js";
export { serviceSnapshots } from "./service-snapshots.js";
export { type ServiceCondition, type ServiceSnapshot, TransitionTracker } from "./transitions.js";

/** One observation of the swarm for a project: four list calls whatever the number of services. */
import type { ClusterObservation } from "../../cluster/index.js";
import { mapClusterObservation } from "./cluster-mapping.js";
import type { SwarmApi } from "./swarm-api.js";

export async function observeCluster(
  api: SwarmApi,
  project: string,
  ownerId: string,
): Promise<ClusterObservation> {
  const observedAt = new Date().toISOString();
  const [nodes, services] = await Promise.all([api.listNodes(), api.listServices(project)]);
  const tasks = await api.listTasks(services.map((s) => s.ID));
  return mapClusterObservation({ project, ownerId, observedAt, nodes, services, tasks });
}

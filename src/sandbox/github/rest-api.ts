import type { AppRegistry } from './app-registry.js';
import type { DeploymentBook } from './deployment-book.js';
import type { PrimaryLimit } from './primary-limit.js';
import { registerAppRoutes } from './rest-app-routes.js';
import { registerChecksRoutes } from './rest-checks-routes.js';
import { registerContentsRoutes } from './rest-contents-routes.js';
import { registerDeploymentRoutes } from './rest-deployment-routes.js';
import { registerGitRoutes } from './rest-git-routes.js';
import { registerReleaseRoutes } from './rest-release-routes.js';
import { type RouteContext, RestRouter } from './rest-router.js';
import { registerRepoRoutes } from './rest-routes.js';

/** Every REST route the emulator answers, on one router. */
export function restApi(ctx: RouteContext, o: { apps: AppRegistry; primary: PrimaryLimit; deployments: DeploymentBook }): RestRouter {
  const router = new RestRouter();
  registerAppRoutes(router, ctx, o.apps, o.primary);
  registerChecksRoutes(router, ctx);
  registerRepoRoutes(router, ctx);
  registerGitRoutes(router, ctx);
  registerReleaseRoutes(router, ctx);
  registerContentsRoutes(router, ctx);
  registerDeploymentRoutes(router, ctx, o.deployments);
  return router;
}

/** Workspace: the public landing page and each person's home page. */
export { homeRoutes } from './http/home.ts';

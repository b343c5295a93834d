// A transaction name from React Router's matches: the route patterns joined, as the app
// declared them ('/users/:id'), so every user's page groups under one name.

/**
 * @param {Array<{ route?: { path?: string } }> | null | undefined} matches React Router's
 *   matches (router.state.matches or matchRoutes()), outermost first
 * @returns {string} the pattern, or '' when no match has a path
 */
export function routeNameOf(matches) {
  let name = '';
  for (const match of matches ?? []) {
    const path = match?.route?.path;
    if (typeof path !== 'string' || path === '') continue;  // index and layout routes add nothing
    name = path.startsWith('/') ? path : `${name.replace(/\/$/, '')}/${path}`;
  }
  return name;
}

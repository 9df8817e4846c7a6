/** Read before the router rewrites the URL: did the studio start without a route (a fresh launch)? */
export const startedWithoutRoute = !window.location.hash || window.location.hash === '#' || window.location.hash === '#/';

// `node app/dist/web-host.mjs`: the browser host's command line. Before
// loading the host (the database, the services, the server: a third of a
// second and more of module loading), it starts the search worker reading
// the saved index (search-preload.ts), on the core that would otherwise wait.
// The host itself is the sibling bundle web-host-server.mjs, loaded after.
import { resolveUserDataDir } from '../app/user-data-dir';
import { preloadSearchIndex, searchIndexFile } from '../search/search-preload';

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) preloadSearchIndex(searchIndexFile(resolveUserDataDir(args)));
// Named at run time so the bundler leaves the host to its own bundle.
const server = new URL('./web-host-server.mjs', import.meta.url).href;
const { main } = (await import(server)) as typeof import('./server');
await main(args);

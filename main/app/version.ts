// The app version, injected by the build (esbuild `define`), read from package.json in tests.
declare const __QUIRE_VERSION__: string | undefined;

export const APP_VERSION: string =
  typeof __QUIRE_VERSION__ === 'string' ? __QUIRE_VERSION__ : (process.env.npm_package_version ?? '0.0.0-dev');

// Builds the web app ahead of time (a Docker image, CI), so the first `npm start` after it
// finds the build and serves the pages at once:
//   node tools/run-ts.js services/standalone/src/web/build-web-app.ts
import { ensureWebBuild } from './web-build';

ensureWebBuild()
  .then((build) => console.log(`web app ${build.built ? 'built' : 'already built'} in ${build.ms} ms: ${build.dir}`))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });

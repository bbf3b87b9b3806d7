// Every `import … from 'zod'` in the renderer's bundle resolves here
// (vite.config.ts): zod probes once for eval (`Function('')`) to speed up
// parsing, the CSP refuses it and the browser reports a violation. The
// renderer parses little, so zod is told not to try, in the module every
// user of zod imports: the setting holds before any of them parses, whichever
// lazily loaded chunk needs zod first, and the first screen loads no zod.
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export { z, z as default } from 'zod/v4';

// Imported first (main.tsx): zod probes once for eval (`Function('')`) to speed
// up parsing; the CSP refuses it and the browser reports a violation. The
// renderer parses little, so zod is told not to try.
import { config } from 'zod';

config({ jitless: true });

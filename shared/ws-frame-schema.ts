// The schema the headless host validates every incoming WebSocket frame with;
// what is inside `params` is then validated by the core against the contract,
// exactly as over Electron IPC. Apart from ws-protocol.ts (names and types,
// no zod) so that the host can listen, and the page load, before zod and the
// core are loaded (host/main.ts).
import { z } from 'zod';

export const clientFrameSchema = z
  .object({
    id: z.number().int().nonnegative(),
    name: z.string().max(200),
    params: z.unknown(),
  })
  .strict();
export type ClientFrame = z.infer<typeof clientFrameSchema>;

// IPC channel family of the Electron bridge: nothing outside it is answered.
// Its own file so the sandboxed preload bundles no dependency.
export const IPC = { call: 'govdesk:call', event: 'govdesk:event' } as const;

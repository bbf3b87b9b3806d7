import type { ServiceId, ServiceStatus } from '../../../shared/status';
import { useCall } from '../bridge/queries';

/** One service's state from the pushed status (null while nobody is signed in, or it is not used). */
export function useServiceStatus(id: ServiceId): ServiceStatus | null {
  const { data } = useCall('app', 'status.get', {});
  return data?.services.find((s) => s.service === id) ?? null;
}

/** What a queued change of this service is doing, as the UI words it. */
export type QueuedState = 'waiting_connection' | 'waiting_signin' | 'queued' | 'sending';

export function queuedState(service: ServiceStatus | null, onWire: boolean): QueuedState {
  if (onWire) return 'sending';
  if (service?.state === 'signed_out') return 'waiting_signin';
  if (service && service.state !== 'online') return 'waiting_connection';
  return 'queued';
}

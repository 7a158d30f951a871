import { type IpBytes, parseIp } from './cidr.js';
import { numberToMicros } from './numeric.js';

/** A JSON scalar found at a leaf of an event. */
export type Scalar = string | number | boolean | null;

/**
 * One leaf value of an event, with the derived forms operators need computed at most once:
 * several operators (and several sub-rules) may look at the same value.
 */
export class EventValue {
  private micros: number | null | undefined;
  private ip: IpBytes | null | undefined;

  constructor(readonly raw: Scalar) {}

  /** Millionths when the value is a number EventBridge can compare, else null. */
  get numeric(): number | null {
    if (this.micros === undefined) {
      this.micros = typeof this.raw === 'number' ? numberToMicros(this.raw) : null;
    }
    return this.micros;
  }

  /** Address bytes when the value is a string holding a valid IP address, else null. */
  get address(): IpBytes | null {
    if (this.ip === undefined) {
      const parsed = typeof this.raw === 'string' ? parseIp(this.raw) : null;
      this.ip = parsed?.kind === 'ip' ? parsed.bytes : null;
    }
    return this.ip;
  }
}

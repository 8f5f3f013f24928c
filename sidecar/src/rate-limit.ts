/** A token bucket: `tokens` left as of `at` (ms). */
export type Bucket = { tokens: number; at: number };
export type BucketPolicy = { capacity: number; refillPerMs: number };

/**
 * Pure: refills `bucket` for the time elapsed up to `now`, then takes one token if there is one.
 * A missing bucket is a full one. Time going backwards refills nothing.
 */
export function takeToken(bucket: Bucket | undefined, now: number, policy: BucketPolicy): { allowed: boolean; bucket: Bucket } {
  const current = bucket ?? { tokens: policy.capacity, at: now };
  const elapsed = Math.max(0, now - current.at);
  const tokens = Math.min(policy.capacity, current.tokens + elapsed * policy.refillPerMs);
  if (tokens < 1) return { allowed: false, bucket: { tokens, at: now } };
  return { allowed: true, bucket: { tokens: tokens - 1, at: now } };
}

/** True when the bucket would be full again by `now`, so forgetting it changes nothing. */
export function isRefilled(bucket: Bucket, now: number, policy: BucketPolicy): boolean {
  return bucket.tokens + Math.max(0, now - bucket.at) * policy.refillPerMs >= policy.capacity;
}

/** Buckets by key (a username, an address) with a bound on how many are remembered. */
export class KeyedLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly policy: BucketPolicy,
    readonly maxKeys = 100_000,
  ) {}

  /** Takes a token for `key` at `now` (ms); false means: refuse this attempt. */
  take(key: string, now: number): boolean {
    const { allowed, bucket } = takeToken(this.#buckets.get(key), now, this.policy);
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) this.#evict(now);
    return allowed;
  }

  get size(): number {
    return this.#buckets.size;
  }

  // Full buckets carry no information; if none are, drop the least recently used.
  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (isRefilled(bucket, now, this.policy)) this.#buckets.delete(key);
    }
    while (this.#buckets.size > this.maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
  }
}

/** Login attempts are limited per username and per remote address; both must allow one. */
export class LoginLimiter {
  readonly #byUser: KeyedLimiter;
  readonly #byAddress: KeyedLimiter;

  constructor(limits: { perUser: number; perAddress: number; refillPerMinute: number }) {
    const refillPerMs = limits.refillPerMinute / 60_000;
    this.#byUser = new KeyedLimiter({ capacity: limits.perUser, refillPerMs });
    this.#byAddress = new KeyedLimiter({ capacity: limits.perAddress, refillPerMs: refillPerMs * (limits.perAddress / limits.perUser) });
  }

  /** Takes one attempt from both buckets; says which one refused, if any. */
  take(username: string, address: string, now: number): "allowed" | "user_limited" | "address_limited" {
    // Both are charged, so spraying many usernames from one address still drains the address.
    const addressOk = this.#byAddress.take(address, now);
    const userOk = this.#byUser.take(username.toLowerCase(), now);
    if (!addressOk) return "address_limited";
    return userOk ? "allowed" : "user_limited";
  }
}

import { describe, expect, it } from "vitest";
import { newId, newSecret } from "../../src/lib/ids";

describe("newId", () => {
  it("is the prefix, 10 clock characters and 16 random ones", () => {
    const id = newId("con", Date.UTC(2026, 10, 25));
    expect(id).toMatch(/^con_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(newId("con", Date.UTC(2026, 10, 25)).slice(0, 14)).toBe(id.slice(0, 14));
    expect(newId("con", Date.UTC(2026, 10, 25))).not.toBe(id);
  });

  it("never repeats within a millisecond, across many refills of its pool of random bytes", () => {
    const ids = Array.from({ length: 5000 }, () => newId("x", 0));
    expect(new Set(ids).size).toBe(5000);
    expect(new Set(ids.map((id) => id.slice(-16))).size).toBe(5000);
  });

  it("sorts by the time it was made, across every digit of the clock", () => {
    const times = [0, 1, 31, 32, 1023, 1024, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2999, 0, 1)];
    const ids = times.map((t) => newId("x", t));
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("newSecret", () => {
  it("is all random: two made at once share no clock prefix", () => {
    const [a, b] = [newSecret("sk"), newSecret("sk")];
    expect(a).toMatch(/^sk_[0-9a-hjkmnp-tv-z]{52}$/);
    expect(a.slice(0, 8)).not.toBe(b.slice(0, 8));
  });
});

import { describe, expect, test } from "vitest";
import { createPasswordHasher } from "./passwords";

const pepper = "pepper-0123456789abcdef0123456789abcdef";

describe("password hashing", () => {
  test("a hash verifies its own password and no other", async () => {
    const hasher = createPasswordHasher({ pepper, cost: 4 });
    const hash = await hasher.hash("correct horse battery staple");
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await hasher.verify("correct horse battery staple", hash)).toBe(true);
    expect(await hasher.verify("correct horse battery stapler", hash)).toBe(false);
  });

  test("a stolen hash is useless without the pepper", async () => {
    const hash = await createPasswordHasher({ pepper, cost: 4 }).hash("correct horse battery staple");
    const otherServer = createPasswordHasher({ pepper: `${pepper}-other`, cost: 4 });
    expect(await otherServer.verify("correct horse battery staple", hash)).toBe(false);
  });

  test("the same password composed or decomposed (é vs e + ◌́) is the same password", async () => {
    const hasher = createPasswordHasher({ pepper, cost: 4 });
    const hash = await hasher.hash("caf\u00e9 au lait");
    expect(await hasher.verify("cafe\u0301 au lait", hash)).toBe(true);
  });

  test("the dummy compare for unknown emails always fails", async () => {
    const hasher = createPasswordHasher({ pepper, cost: 4 });
    expect(await hasher.verifyDummy("anything at all")).toBe(false);
  });
});

describe("bcrypt cost inside workerd", () => {
  test("the very first unknown-email compare costs one compare, not a hash and a compare", async () => {
    const time = async (work: () => Promise<unknown>) => {
      const start = performance.now();
      await work();
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const stored = await createPasswordHasher({ pepper, cost: 10 }).hash("the real password");
    const firstDummies: number[] = [];
    const compares: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = createPasswordHasher({ pepper, cost: 10 });
      firstDummies.push(await time(() => fresh.verifyDummy("a guess")));
      compares.push(await time(() => fresh.verify("a guess", stored)));
    }
    const [firstDummy, compare] = [median(firstDummies), median(compares)];
    console.log(`cost 10: first dummy compare ${firstDummy} ms, real compare ${compare} ms`);
    expect(firstDummy).toBeGreaterThan(compare * 0.6);
    expect(firstDummy).toBeLessThan(compare * 1.5);
  });

  test("one hash at cost 10 takes measurable time, logged for the capacity plan", async () => {
    const hasher = createPasswordHasher({ pepper, cost: 10 });
    await hasher.hash("warm-up"); // JIT and WebCrypto key import
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await hasher.hash(`correct horse battery staple ${i}`);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const median = samples[2] ?? 0;
    console.log(`bcrypt cost 10 in workerd: median ${median.toFixed(1)} ms (samples ${samples.join(", ")} ms)`);
    // The clock advances during CPU work here (local workerd); in production it only moves on I/O.
    expect(median).toBeGreaterThan(5);
  });
});

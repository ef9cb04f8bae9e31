import { z } from "zod";

// No code generation: zod would probe `Function("")` on the first object parse, which the pages'
// Content-Security-Policy (no 'unsafe-eval') reports as a violation; workerd forbids it anyway.
// Every module of ours takes zod from here, so the setting holds whichever schema parses first.
z.config({ jitless: true });

export { z };

-- A batch's statements run once each, over a few thousand rows: compiling them with JIT
-- (which the planner's estimate for ~20,000 LSH probes triggers) costs more than it saves.
SET LOCAL jit = off

-- Issue 18, finding 3. PostgreSQL has no rowid, but a table's rows lie in
-- its pages in arrival order until rewritten; the daily retention now
-- rewrites `reports` in the order of its random ids (CLUSTER, see
-- Store::forget_deleted). The day's key is no longer in the database:
-- `day_keys` held the whole key beside the rate counts, so anyone reading
-- the database could recompute every network's bucket. What stays is a
-- random salt per day, half a key (see reports::privacy::ServerSecret).
-- Same steps as ../sqlite/0005_no_arrival_order.sql.
ALTER TABLE day_keys RENAME TO day_salts;
ALTER TABLE day_salts RENAME COLUMN key TO salt;

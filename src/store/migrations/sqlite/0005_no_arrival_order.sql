-- Issue 18, finding 3. A rowid table keeps rows in arrival order (the rowid
-- counts up), which is finer than the week a report keeps; WITHOUT ROWID
-- stores them by their random id. The day's key is no longer in the
-- database: `day_keys` held the whole key beside the rate counts, so anyone
-- reading the database could recompute every network's bucket. What stays is
-- a random salt per day, half a key (see reports::privacy::ServerSecret);
-- old keys become meaningless salts, and are deleted within two days anyway.
-- Same steps as ../postgres/0005_no_arrival_order.sql.
CREATE TABLE reports_by_id (
    id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    submitted_week TEXT NOT NULL,
    decided_week TEXT,
    years INTEGER NOT NULL,
    location TEXT NOT NULL,
    industry TEXT,
    company_size TEXT,
    work_arrangement TEXT NOT NULL,
    employment TEXT NOT NULL,
    amount_entered BIGINT NOT NULL,
    period_entered TEXT NOT NULL,
    base_annual BIGINT NOT NULL,
    bonus_annual BIGINT,
    model_median BIGINT NOT NULL,
    model_version TEXT NOT NULL,
    flags TEXT NOT NULL,
    receipt_hash BLOB NOT NULL UNIQUE,
    reject_reason TEXT
) WITHOUT ROWID;
INSERT INTO reports_by_id (id, status, submitted_week, decided_week, years, location,
    industry, company_size, work_arrangement, employment, amount_entered, period_entered,
    base_annual, bonus_annual, model_median, model_version, flags, receipt_hash, reject_reason)
SELECT id, status, submitted_week, decided_week, years, location,
    industry, company_size, work_arrangement, employment, amount_entered, period_entered,
    base_annual, bonus_annual, model_median, model_version, flags, receipt_hash, reject_reason
FROM reports ORDER BY id;
DROP TABLE reports;
ALTER TABLE reports_by_id RENAME TO reports;
CREATE INDEX reports_status_week ON reports (status, submitted_week);

ALTER TABLE day_keys RENAME TO day_salts;
ALTER TABLE day_salts RENAME COLUMN key TO salt;

-- Visitors' salary reports and what keeps them honest. Nothing here can
-- identify a reporter: no address, user agent, e-mail, exact time or free
-- text; dates are the Monday of their week (tests/web/store.rs holds the
-- list of allowed columns). Same steps as ../postgres/0001_reports.sql.

-- One report; `id` is random, never sequential.
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    -- pending, approved or rejected (withdrawn reports are deleted).
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    submitted_week TEXT NOT NULL,
    decided_week TEXT,
    years INTEGER NOT NULL,
    location TEXT NOT NULL,
    industry TEXT,
    company_size TEXT,
    work_arrangement TEXT NOT NULL,
    employment TEXT NOT NULL,
    -- As typed, for the moderator: the amount and its period.
    amount_entered BIGINT NOT NULL,
    period_entered TEXT NOT NULL,
    -- Yearly US dollars, as aggregated.
    base_annual BIGINT NOT NULL,
    bonus_annual BIGINT,
    -- The model's median for the same profile when the report arrived.
    model_median BIGINT NOT NULL,
    model_version TEXT NOT NULL,
    -- Space-separated codes of what looked unusual.
    flags TEXT NOT NULL,
    -- Hash of the receipt code that lets the reporter withdraw the report.
    receipt_hash BLOB NOT NULL UNIQUE,
    -- A reason code chosen from a fixed list when rejected.
    reject_reason TEXT
);
CREATE INDEX reports_status_week ON reports (status, submitted_week);

-- Secret keys, one per day, for the rate limit's keyed hash and the form
-- token; deleted after two days, after which no bucket can be recomputed.
CREATE TABLE day_keys (
    day TEXT PRIMARY KEY NOT NULL,
    key BLOB NOT NULL
);

-- Reports sent per client network and day, under a keyed hash of the network.
CREATE TABLE rate_counts (
    bucket BLOB NOT NULL,
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (bucket, day)
);

-- Form tokens already used, so each is good for one report.
CREATE TABLE spent_form_tokens (
    nonce BLOB PRIMARY KEY NOT NULL,
    day TEXT NOT NULL
);

-- Published cell aggregates, rebuilt once a day as a whole; the servers read
-- them into memory. Same steps as ../sqlite/0002_aggregates_and_moderators.sql.
CREATE TABLE aggregates (
    -- location|band|employment, or national|band.
    cell TEXT PRIMARY KEY NOT NULL,
    -- Approved reports in the window; only cells at the threshold are kept.
    count INTEGER NOT NULL,
    median BIGINT NOT NULL,
    p25 BIGINT,
    p75 BIGINT,
    -- Effective number of reports after weighting by age, and the weighted
    -- median of log pay: what the estimator blends with.
    n_eff DOUBLE PRECISION NOT NULL,
    center_log DOUBLE PRECISION NOT NULL,
    built_on TEXT NOT NULL
);

-- One row per day whose rebuild a server claimed: the insert that wins does
-- the day's rebuild, so exactly one server rebuilds however many run.
CREATE TABLE builds (
    day TEXT PRIMARY KEY NOT NULL
);

-- Moderators, created only from the command line; passwords as Argon2id PHC strings.
CREATE TABLE moderators (
    name TEXT PRIMARY KEY NOT NULL,
    password_phc TEXT NOT NULL
);

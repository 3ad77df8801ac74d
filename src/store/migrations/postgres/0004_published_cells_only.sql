-- Issue 18: a cell keeps only what it publishes. The exact count, the
-- age-weighted effective count and the unrounded centre let anyone adding a
-- report and waiting for a rebuild read a single report's amount back off an
-- estimate; the count is now its band and the centre the rounded median.
-- Aggregates are rebuilt daily from the reports, so the table starts empty
-- and today's build is claimed again. Same steps in both folders.
DROP TABLE aggregates;
CREATE TABLE aggregates (
    -- location|band|employment, or national|band.
    cell TEXT PRIMARY KEY NOT NULL,
    -- The count as published: 10-19, 20-49, 50-99 or 100+.
    band TEXT NOT NULL,
    -- Rounded as published.
    median BIGINT NOT NULL,
    p25 BIGINT,
    p75 BIGINT,
    built_on TEXT NOT NULL
);
DELETE FROM builds;

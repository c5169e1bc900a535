-- Chart queries read one series over a window and aggregate its values. With the value in the
-- index, PostgreSQL answers them with an index-only scan (on partitions whose visibility map is
-- set, which autovacuum does for insert-only tables), instead of one heap page per reading:
-- measured in BENCHMARKS.md ("Chart query"). The index replaces reading_series_ts_idx, which it
-- covers; it is wider by the 8-byte value, which costs ingest a little (also measured there).
CREATE INDEX reading_series_ts_value_idx ON reading (series_id, ts) INCLUDE (value);
DROP INDEX reading_series_ts_idx;

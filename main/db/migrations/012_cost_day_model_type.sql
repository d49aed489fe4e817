-- The overview's spend by model type (`cost-query --by ModelType`, the line's own tag) reads the daily sums
-- instead of the billing lines: cost_day keeps each line's model-type tag.
ALTER TABLE cost_day ADD COLUMN model_type TEXT;
-- Sums built before this column exist have no tag in them. Dropping them (cost_day with its cube, as
-- invalidateExplore does) makes every billing snapshot "not summed": its lines answer until Explore's next
-- refresh rebuilds both, so no answer ever reads an untagged sum.
DELETE FROM cost_day;
DELETE FROM cost_cube;

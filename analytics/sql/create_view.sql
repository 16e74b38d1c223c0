-- The view {view} over {relation}.
CREATE OR REPLACE VIEW {view} AS SELECT * FROM {relation}

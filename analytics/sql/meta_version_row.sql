-- The store's version, 0 in a new store.
INSERT INTO meta VALUES ('version', '0') ON CONFLICT DO NOTHING

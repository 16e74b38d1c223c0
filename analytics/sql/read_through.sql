-- Every value of {table} hashed: each block of each column is read and checksummed.
SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"

-- The events table: the schema's {columns} with their SQL types.
CREATE TABLE IF NOT EXISTS events ({columns})

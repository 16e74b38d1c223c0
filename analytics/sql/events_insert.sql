-- New events (registered as incoming_events), the schema's {columns}.
INSERT INTO events ({columns}) SELECT {columns} FROM incoming_events

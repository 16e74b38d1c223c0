-- A row's USD value from the rates file.
UPDATE events SET amount_usd = ?, fx_rate = ?, fx_date = ?, fx_source = ? WHERE rowid = ?

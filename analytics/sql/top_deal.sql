-- The largest deal of each group, for hover text: company, amount as written, USD (a fragment
-- of the aggregates' select lists, their {top}).
arg_max(company, amount_usd) AS top_company,
arg_max(amount_text, amount_usd) AS top_amount_text,
max(amount_usd) AS top_amount_usd

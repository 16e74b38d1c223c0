-- The review queue's order: what a wrong row would cost (low confidence times large USD) first.
(1 - coalesce(confidence, 0)) * coalesce(amount_usd, 0) DESC, confidence ASC NULLS FIRST, rowid

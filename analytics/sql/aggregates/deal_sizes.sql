-- Events per quarter-decade of USD amount, per event type.
SELECT power(10, bin / 4.0) AS bin_low, power(10, (bin + 1) / 4.0) AS bin_high,
       power(10, (bin + 0.5) / 4.0) AS bin_mid, event_type,
       count(*) AS events, {top}
FROM (SELECT *, floor(log10(amount_usd) * 4)::BIGINT AS bin FROM {filtered}
      WHERE amount_usd >= 1)
GROUP BY bin, event_type ORDER BY bin, event_type

-- Whether a session journaled a file under this uploader id already.
SELECT count(*) FROM uploads WHERE session_id IS NOT DISTINCT FROM ? AND file_ref = ?

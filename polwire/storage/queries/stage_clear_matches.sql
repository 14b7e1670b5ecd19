DELETE FROM staged_matches

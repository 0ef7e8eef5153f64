//! Content-addressed dataset versions (what DVC did): ids, records, tags, diffs, DVC export.

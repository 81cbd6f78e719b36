-- 017: an uploaded file's pieces (registry_import_chunks, 004) compressed with lz4 where the server
-- has it (PostgreSQL built with lz4, as Debian's is; PGlite offers only pglz and keeps 004's
-- uncompressed storage). 004 stored them uncompressed because pglz is slow and spreadsheets are
-- zip files already; lz4 is fast enough to pay for itself on a CSV and gives up quickly on a zip.
-- Storing 600 MiB of the generated S=1 CSV took 1.8–2.4 s instead of 3.5–5.0 s and 129 MB
-- instead of 623 MB (bench/RESULTS.md, twelfth session). Pieces stored before keep their form.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE registry_import_chunks ALTER COLUMN data SET STORAGE EXTENDED;
    ALTER TABLE registry_import_chunks ALTER COLUMN data SET COMPRESSION lz4;
  END IF;
END $$;

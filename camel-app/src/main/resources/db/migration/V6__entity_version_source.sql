-- The raw event that last advanced an entity's version: when the same raw event is processed again
-- (a crash before its JMS commit; after a broker crash it no longer looks redelivered), an equal
-- version is let through instead of being dropped as a duplicate.
ALTER TABLE entity_version ADD COLUMN source_ref VARCHAR(320);

-- How many live migrations may make room for a blocked HA VM (cluster.defragmentMoves); unset means the default.
ALTER TABLE cluster ADD COLUMN defragment_moves INT NULL;

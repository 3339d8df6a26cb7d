-- Claim values and bounds in decimal: "about 50" is [45, 55], not [45, 55.00000000000001].
-- The extractor computes them in decimal arithmetic; DECIMAL(38, 6) holds every magnitude it
-- keeps (below 10^30, see extractors/numbers.py MAX_MAGNITUDE) with six decimals. Existing
-- rows are rounded to six decimals, which is what removes their float noise.
ALTER TABLE claim ALTER value TYPE DECIMAL(38, 6);
ALTER TABLE claim ALTER low TYPE DECIMAL(38, 6);
ALTER TABLE claim ALTER high TYPE DECIMAL(38, 6);

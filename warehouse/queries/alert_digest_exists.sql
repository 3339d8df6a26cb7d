-- Whether the topic ever had a digest: the first one is the baseline.
SELECT count(*) > 0 FROM digest WHERE topic = $topic

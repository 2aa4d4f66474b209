-- One key format for a language pair everywhere: source tag '>' target tag (LanguagePair.key():
-- en>de, en>pt-BR, zh-Hant>en, sr-Latn-RS>de). '>' never occurs in a BCP 47 tag, so a key splits
-- one way. This rewrites the rows that earlier code stored in the hyphenated formats.
--
-- 1. Dataset statistics, datasets.stats -> 'languagePairs' (keys of a JSON object). They were
--    written by the old LanguagePair.toString: 'src-tgt' when neither tag had a hyphen, else
--    already 'src>tgt'. So a key without '>' has exactly one hyphen, the separator; it becomes '>'.
--    Keys already holding '>' are kept, and so is anything else (never written by that code).
--
-- 2. BLEU metric names, metrics.name. The old worker named them 'bleu/' || src || '-' || tgt
--    (TranslationTraining.bleuByPair joined the two tags with '-' whatever they held), so
--    'bleu/en-pt-BR' could be en>pt-BR or en-pt>BR. The tags it joined are those of the dataset's
--    normalised corpus, which LanguageTags normalises to language[-Script][-REGION][-variant]*:
--    the language subtag is 2-3 lower-case letters, Script 4 letters in title case, REGION 2
--    upper-case letters or 3 digits, a variant 5-8 lower-case letters/digits or a digit and 3
--    (extensions and private use are refused). Only a language subtag is 2-3 lower-case letters,
--    and each tag has exactly one, first. So the target tag starts at the second subtag of that
--    shape, and a name of that grammar splits one way: bleu/en-pt-BR -> bleu/en>pt-BR,
--    bleu/zh-Hant-en -> bleu/zh-Hant>en, bleu/sr-Latn-RS-de -> bleu/sr-Latn-RS>de. A name that
--    is not two such tags (no normalised tags, or not a BLEU series at all) is left as it is;
--    other series (loss, val_loss, load/l0/e0, ...) never held a pair.
--    Where a worker of the new version already wrote the same series at the same step in the new
--    format, that row is the one kept and the old-format row is dropped (same job, step, series).
--
-- Not rewritten: job_logs messages (history, written as text) and the Spring Batch execution
-- contexts (the worker reads only val_loss from them).

UPDATE datasets d
SET stats = jsonb_set(
        d.stats,
        '{languagePairs}',
        (SELECT jsonb_object_agg(
                    CASE WHEN e.key ~ '^[^>-]+-[^>-]+$' THEN replace(e.key, '-', '>') ELSE e.key END,
                    e.value)
         FROM jsonb_each(d.stats -> 'languagePairs') e))
WHERE jsonb_typeof(d.stats -> 'languagePairs') = 'object'
  AND EXISTS (SELECT 1 FROM jsonb_object_keys(d.stats -> 'languagePairs') k
              WHERE k ~ '^[^>-]+-[^>-]+$');

-- The old metric name grammar: 'bleu/' tag '-' tag, a tag as in the comment above.
CREATE TEMPORARY TABLE v5_bleu_names (old_name TEXT PRIMARY KEY, new_name TEXT NOT NULL);

INSERT INTO v5_bleu_names (old_name, new_name)
SELECT DISTINCT name,
       regexp_replace(
           name,
           '^bleu/([a-z]{2,3}(?:-(?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)'
               || '-([a-z]{2,3}(?:-(?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)$',
           'bleu/\1>\2')
FROM metrics
WHERE name ~ ('^bleu/[a-z]{2,3}(?:-(?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*'
              || '-[a-z]{2,3}(?:-(?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$');

DELETE FROM metrics m
USING v5_bleu_names n
WHERE m.name = n.old_name
  AND EXISTS (SELECT 1 FROM metrics k WHERE k.job_id = m.job_id AND k.step = m.step AND k.name = n.new_name);

UPDATE metrics m
SET name = n.new_name
FROM v5_bleu_names n
WHERE m.name = n.old_name;

DROP TABLE v5_bleu_names;

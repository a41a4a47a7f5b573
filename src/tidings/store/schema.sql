-- The tidings store: one table per dataclass of tidings.model, one row per record.
-- Child tables carry article_id so re-ingesting an article can replace all its rows.
-- Offsets ("start", "end") point into articles.text. Country codes are ISO 3166 alpha-3.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    url VARCHAR,
    published DATE,
    publisher VARCHAR,
    agency VARCHAR,
    cited_sources VARCHAR[],
    origin VARCHAR,
    text VARCHAR,
    language VARCHAR,
    tone DOUBLE,
    positive DOUBLE,
    negative DOUBLE,
    polarity DOUBLE,
    word_count INTEGER,
    warnings VARCHAR[],
    ingested_at TIMESTAMP,
    pipeline_version VARCHAR
);

CREATE TABLE IF NOT EXISTS dropped_lines (
    article_id VARCHAR NOT NULL,
    line_no INTEGER,
    text VARCHAR,
    reason VARCHAR
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    idx INTEGER,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    label VARCHAR,
    name VARCHAR,
    kb_id VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR,
    how VARCHAR,
    sentence INTEGER
);

-- The distinct resolved actors ever seen; upserted, never deleted with an article.
CREATE TABLE IF NOT EXISTS actors (
    kb_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence INTEGER,
    text VARCHAR,
    trigger_text VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    cameo VARCHAR,
    cameo_root VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover VARCHAR,
    plover_mode VARCHAR,
    negated BOOLEAN,
    modality VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    loc_name VARCHAR,
    loc_geonames_id BIGINT,
    loc_country VARCHAR,
    loc_admin1 VARCHAR,
    loc_lat DOUBLE,
    loc_lon DOUBLE,
    rule VARCHAR
);

-- Event.source / Event.target; "role" is the side, "office" is ActorRef.role.
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('source', 'target')),
    idx INTEGER,
    name VARCHAR,
    kb_id VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    office VARCHAR
);

-- Quote.speaker is flattened into speaker_*; speaker_mention is ActorRef.text, while
-- speaker_text is Quote.speaker_text.
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    idx INTEGER,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    direct BOOLEAN,
    cue VARCHAR,
    speaker_name VARCHAR,
    speaker_kb_id VARCHAR,
    speaker_country VARCHAR,
    speaker_sector VARCHAR,
    speaker_mention VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_office VARCHAR,
    speaker_text VARCHAR,
    sentence INTEGER,
    rule VARCHAR
);

CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL,
    idx INTEGER,
    name VARCHAR,
    geonames_id BIGINT,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    feature VARCHAR,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    sentence INTEGER
);

CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR NOT NULL,
    idx INTEGER,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    date DATE,
    precision VARCHAR,
    note VARCHAR,
    sentence INTEGER
);

-- Stories (tidings.stories): articles about one real-world happening. A story keeps the id
-- of its first article's story; stories merged into another are deleted.
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    first_date DATE,
    last_date DATE,
    articles INTEGER,
    copy_groups INTEGER,  -- independent reports: articles that are no copy of another
    sources INTEGER
);

-- One row per article placed in a story; copy_of names the canonical article of its copy
-- group. text_hash, signature (MinHash), shingles and features let a later run take the open
-- window back without re-reading the articles.
CREATE TABLE IF NOT EXISTS story_members (
    article_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    copy_of VARCHAR,
    similarity DOUBLE,
    day DATE,
    source VARCHAR,
    text_hash VARCHAR,
    signature UBIGINT[],
    shingles INTEGER,
    features MAP(VARCHAR, DOUBLE)
);

-- One happening reported by one or more events (mentions), counted as GDELT counts them.
CREATE TABLE IF NOT EXISTS canonical_events (
    id VARCHAR PRIMARY KEY,
    story_id VARCHAR,
    date DATE,
    date_precision VARCHAR,
    source_key VARCHAR[],
    target_key VARCHAR[],
    cameo VARCHAR,
    cameo_root VARCHAR,
    plover VARCHAR,
    country VARCHAR,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER,
    confidence DOUBLE,
    sources VARCHAR[],
    copy_groups VARCHAR[]
);

CREATE TABLE IF NOT EXISTS event_mentions (
    event_id VARCHAR PRIMARY KEY,
    canonical_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL
);

-- Feeds `tidings watch` polls: the validators (ETag, Last-Modified) of the last full answer for
-- the next conditional request, and how the last poll went ("ok", "not modified" or the error).
CREATE TABLE IF NOT EXISTS feeds (
    url VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    checked_at TIMESTAMP,
    status VARCHAR
);

-- Article pages `tidings watch` fetched: an ingested URL is never fetched again; a failed one
-- ("status" says why) is tried again in later rounds until it has failed "attempts" times.
CREATE TABLE IF NOT EXISTS fetched (
    url VARCHAR PRIMARY KEY,
    article_id VARCHAR,
    fetched_at TIMESTAMP,
    status VARCHAR,
    attempts INTEGER
);

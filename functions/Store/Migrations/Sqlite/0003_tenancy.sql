-- Tenancy: domain tokens are looked up by their hash, per-domain secrets (AES-GCM ciphertext only) and the
-- audit log. The domains table itself came with 0001.

CREATE UNIQUE INDEX domains_token_hash ON domains (token_hash) WHERE token_hash IS NOT NULL;

-- sealed: base64 of nonce (12 bytes) || ciphertext || tag (16 bytes); the plaintext never reaches the store.
CREATE TABLE secrets (
  domain TEXT NOT NULL,
  name TEXT NOT NULL,
  sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (domain, name)
) STRICT;

CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE INDEX audit_created ON audit (created_at DESC, id DESC);
CREATE INDEX audit_domain_created ON audit (domain, created_at DESC, id DESC);

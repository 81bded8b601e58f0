-- Tenancy: domain tokens are looked up by their hash, per-domain secrets (AES-GCM ciphertext only) and the
-- audit log. The domains table itself came with 0001.

CREATE UNIQUE INDEX domains_token_hash ON domains (token_hash) WHERE token_hash IS NOT NULL;

-- sealed: base64 of nonce (12 bytes) || ciphertext || tag (16 bytes); the plaintext never reaches the store.
CREATE TABLE secrets (
  domain text NOT NULL,
  name text NOT NULL,
  sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (domain, name)
);

CREATE TABLE audit (
  id text PRIMARY KEY,
  domain text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE INDEX audit_created ON audit (created_at DESC, id DESC);
CREATE INDEX audit_domain_created ON audit (domain, created_at DESC, id DESC);

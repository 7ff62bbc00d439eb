-- Each pool's signing certificate, as GetSigningCertificate answers it: a self-signed X.509
-- certificate (base64 DER) made at the first request, with its private key sealed with the master
-- key (context "pool-signing-certificate:<pool id>"). Portable SQL.
CREATE TABLE pool_signing_certificates (
    pool_id        VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES user_pools(id) ON DELETE CASCADE,
    certificate    TEXT        NOT NULL,
    private_sealed TEXT        NOT NULL,
    created_at     BIGINT      NOT NULL
);

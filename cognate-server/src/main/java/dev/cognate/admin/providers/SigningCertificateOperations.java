package dev.cognate.admin.providers;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.tokens.PoolCertificates;

/** GetSigningCertificate: the pool's signing certificate (Terraform's aws_cognito_user_pool_signing_certificate). */
public final class SigningCertificateOperations implements OperationFamily {
    private final UserPoolOperations pools;
    private final PoolCertificates certificates;

    record GetSigningCertificateRequest(String userPoolId) {}

    record GetSigningCertificateResponse(String certificate) {}

    public SigningCertificateOperations(UserPoolOperations pools, PoolCertificates certificates) {
        this.pools = pools;
        this.certificates = certificates;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetSigningCertificate", GetSigningCertificateRequest.class, this::get);
    }

    private Object get(GetSigningCertificateRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return new GetSigningCertificateResponse(certificates.certificateOf(pool.id())
                .orElseThrow(() -> AwsException.poolNotFound(pool.id())));
    }
}

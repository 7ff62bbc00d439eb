#!/usr/bin/env bash
# Seeds, with the AWS CLI only, a user pool whose app signs in with Microsoft Entra ID:
# the pool, its hosted-UI domain, the Entra OIDC identity provider and an OAuth app client.
# It works against Cognate or against Amazon Cognito (leave COGNATE_ENDPOINT empty for AWS).
#
#   COGNATE_ENDPOINT   http://localhost:9229 (empty: the AWS CLI's own endpoint)
#   AWS_CLI            /usr/bin/aws (the AWS CLI v2)
#   POOL_NAME          seed-pool
#   DOMAIN_PREFIX      seed-app
#   ENTRA_TENANT_ID    the Entra directory (tenant) id, a GUID        (required for the provider)
#   ENTRA_CLIENT_ID    the Entra app registration's client id         (required for the provider)
#   ENTRA_CLIENT_SECRET  a client secret of that app registration     (required for the provider)
#   CLIENT_NAME        seed-app-client
#   CALLBACK_URL       https://app.example.com/callback
#   SEED_STEPS         which steps to run, of "pool domain provider client" (default: all)
# Credentials and region come from the usual AWS CLI settings (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION or a profile). Prints POOL_ID=..., DOMAIN=...,
# PROVIDER=... and CLIENT_ID=... lines; the client's secret is shown by
# `aws cognito-idp describe-user-pool-client`.
set -euo pipefail

aws_cli="${AWS_CLI:-/usr/bin/aws}"
endpoint="${COGNATE_ENDPOINT-http://localhost:9229}"
pool_name="${POOL_NAME:-seed-pool}"
domain_prefix="${DOMAIN_PREFIX:-seed-app}"
client_name="${CLIENT_NAME:-seed-app-client}"
callback_url="${CALLBACK_URL:-https://app.example.com/callback}"
steps=" ${SEED_STEPS:-pool domain provider client} "

[ -x "$aws_cli" ] || { echo "seed-user-pool: no AWS CLI at $aws_cli (apt-get install awscli, or set AWS_CLI)" >&2; exit 1; }
cli() {
  if [ -n "$endpoint" ]; then
    "$aws_cli" --endpoint-url "$endpoint" --output json cognito-idp "$@"
  else
    "$aws_cli" --output json cognito-idp "$@"
  fi
}
step() { [[ "$steps" == *" $1 "* ]]; }

pool_id="$(cli create-user-pool --pool-name "$pool_name" --query UserPool.Id --output text)"
echo "POOL_ID=$pool_id"

if step domain; then
  cli create-user-pool-domain --user-pool-id "$pool_id" --domain "$domain_prefix" >/dev/null
  echo "DOMAIN=$domain_prefix"
fi

if step provider; then
  : "${ENTRA_TENANT_ID:?set ENTRA_TENANT_ID to the Entra directory (tenant) id}"
  : "${ENTRA_CLIENT_ID:?set ENTRA_CLIENT_ID to the Entra app registration client id}"
  : "${ENTRA_CLIENT_SECRET:?set ENTRA_CLIENT_SECRET to a client secret of the Entra app registration}"
  # The issuer must answer its discovery document (Cognate reads it, as Cognito does): Entra itself,
  # or ENTRA_AUTHORITY=http://localhost:9339 for `./cognate devidp`.
  authority="${ENTRA_AUTHORITY:-https://login.microsoftonline.com}"
  details="$(printf '{"client_id":"%s","client_secret":"%s","authorize_scopes":"openid profile email","attributes_request_method":"POST","oidc_issuer":"%s/%s/v2.0"}' \
    "$ENTRA_CLIENT_ID" "$ENTRA_CLIENT_SECRET" "${authority%/}" "$ENTRA_TENANT_ID")"
  cli create-identity-provider --user-pool-id "$pool_id" --provider-name entra --provider-type OIDC \
    --provider-details "$details" \
    --attribute-mapping email=email,given_name=given_name,family_name=family_name >/dev/null
  echo "PROVIDER=entra"
fi

if step client; then
  providers=(COGNITO)
  step provider && providers=(entra COGNITO)
  client_id="$(cli create-user-pool-client --user-pool-id "$pool_id" --client-name "$client_name" --generate-secret \
    --callback-urls "$callback_url" --allowed-o-auth-flows code --allowed-o-auth-scopes openid profile email \
    --allowed-o-auth-flows-user-pool-client --supported-identity-providers "${providers[@]}" \
    --query UserPoolClient.ClientId --output text)"
  echo "CLIENT_ID=$client_id"
fi

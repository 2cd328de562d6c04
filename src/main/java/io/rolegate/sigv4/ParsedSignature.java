package io.rolegate.sigv4;

import java.time.Instant;
import java.util.List;

/**
 * What steps 1-8 of docs/aws-behaviour.md §3.3 extracted from a request: everything that can be checked without the
 * secret key.
 *
 * @param presigned      true for the query-string carrier (X-Amz-Algorithm...), false for the Authorization header
 * @param accessKeyId    first element of the credential scope (not yet looked up)
 * @param requestTime    X-Amz-Date (or Date header), already checked against the ±15 min skew window
 * @param amzDate        requestTime in ISO-8601 basic format ({@code 20150830T123600Z}), as used in the string to sign
 * @param scopeDate      credential scope date {@code YYYYMMDD} (equals the date of requestTime)
 * @param region         credential scope region
 * @param service        credential scope service
 * @param signedHeaders  signed header names, lower-cased and sorted
 * @param signature      the hex signature the client sent
 * @param securityToken  X-Amz-Security-Token (header or query), or null
 */
public record ParsedSignature(boolean presigned, String accessKeyId, Instant requestTime, String amzDate,
                              String scopeDate, String region, String service, List<String> signedHeaders,
                              String signature, String securityToken) {

    public ParsedSignature {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** {@code date/region/service/aws4_request}. */
    public String credentialScope() {
        return scopeDate + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
    }

    @Override
    public String toString() { // the signature and token are credentials-adjacent: keep them out of logs
        return "ParsedSignature[presigned=" + presigned + ", accessKeyId=" + accessKeyId + ", amzDate=" + amzDate
                + ", scope=" + credentialScope() + ", signedHeaders=" + signedHeaders
                + ", securityToken=" + (securityToken == null ? "none" : "present") + "]";
    }
}

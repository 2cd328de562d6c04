package io.rolegate.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Server-side SigV4 verification in the order of docs/aws-behaviour.md §3.3. Split in two so the caller can look the
 * key up in between:
 * {@link #parse} (steps 1-8, no secret needed), then the caller's key lookup (step 9, see {@link SigV4Errors}),
 * then {@link #verify} (step 10). Thread-safe; one instance serves all requests.
 */
public final class SigV4Verifier {
    /**
     * Allowed clock skew either way (docs/aws-behaviour.md §3.3 step 7). Presigned STS URLs get no more than this
     * either (docs/aws-behaviour.md §3.5).
     */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";

    private final Clock clock;
    private final Set<String> allowedRegions;
    private final Set<String> allowedServices;
    private final String expectedServiceForMessage;
    private final boolean presignedUrlsExpire;
    private final SigningKeyCache keyCache = new SigningKeyCache(4096);

    /**
     * @param allowedRegions  regions a credential scope may name; empty = any syntactically valid region
     * @param allowedServices services a credential scope may name (e.g. sts, iam); the first one in iteration order is
     *                        the one the "scoped to correct service" message names, so pass an ordered set. Empty:
     *                        any well-formed service name (requests a downstream service received and forwards)
     */
    public SigV4Verifier(Clock clock, Set<String> allowedRegions, Set<String> allowedServices) {
        this(clock, allowedRegions, allowedServices, false);
    }

    /**
     * @param presignedUrlsExpire true: a presigned URL with X-Amz-Expires is valid from X-Amz-Date for that long
     *                            (as S3 and other services honour it), past the 15-minute window; false: STS's rule,
     *                            the 15-minute window alone (docs/aws-behaviour.md §3.5)
     */
    public SigV4Verifier(Clock clock, Set<String> allowedRegions, Set<String> allowedServices,
                         boolean presignedUrlsExpire) {
        this.presignedUrlsExpire = presignedUrlsExpire;
        this.clock = clock;
        this.allowedRegions = Set.copyOf(allowedRegions);
        this.allowedServices = Collections.unmodifiableSet(new LinkedHashSet<>(allowedServices));
        this.expectedServiceForMessage = allowedServices.isEmpty() ? null : allowedServices.iterator().next();
    }

    /**
     * Steps 1-8 of docs/aws-behaviour.md §3.3. Throws {@link io.rolegate.error.AwsException} with the exact code and
     * message.
     */
    public ParsedSignature parse(HttpRequestParts request) {
        String authorization = request.firstHeader("authorization");
        List<String[]> query = QueryParams.parse(request.rawQuery());
        String algorithm = QueryParams.first(query, X_AMZ_ALGORITHM);

        // Step 1: exactly one carrier.
        if (authorization == null && algorithm == null) {
            throw SigV4Errors.missingAuthenticationToken();
        }
        if (authorization != null && algorithm != null) {
            throw SigV4Errors.signatureDoesNotMatch();
        }
        Carrier c = authorization != null ? fromHeader(request, authorization) : fromQuery(query, algorithm);

        // Step 5: host must be signed.
        if (!c.signedHeaders.contains("host") && !c.signedHeaders.contains(":authority")) {
            throw SigV4Errors.mismatch(SigV4Errors.HOST_NOT_SIGNED);
        }

        // Step 6: date format.
        Instant requestTime = c.dateFromDateHeader ? AmzDates.parseHttpDate(c.dateText) : AmzDates.parseBasic(c.dateText);
        if (requestTime == null) {
            throw SigV4Errors.incomplete("Date must be in ISO-8601 'basic format'. Got '" + c.dateText
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        long expires = -1;
        if (c.expires != null) {
            // STS ignores the value for validity (docs/aws-behaviour.md §3.5), but it must be well-formed
            expires = checkExpiresSyntax(c.expires);
        }

        // Step 7: clock skew (or, for presigned URLs where they expire, their own validity).
        if (presignedUrlsExpire && expires > 0) {
            checkPresignedValidity(requestTime, expires);
        } else {
            checkSkew(requestTime);
        }
        String amzDate = SigV4.formatAmzDate(requestTime);

        // Step 8: credential scope.
        String[] scope = splitCredential(c.credential);
        if (scope == null) {
            throw SigV4Errors.incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + c.credential + "'");
        }
        checkScope(scope, amzDate);

        return new ParsedSignature(c.presigned, scope[0], requestTime, amzDate, scope[1], scope[2], scope[3],
                c.signedHeaders, c.signature, c.securityToken);
    }

    /**
     * Step 10: recomputes the signature with the secret found in step 9 and compares in constant time.
     * The payload hash is the SHA-256 of the actual body (or the one the request carries,
     * {@link HttpRequestParts#payloadHash()}); a presigned request may also have been signed with
     * {@code UNSIGNED-PAYLOAD}.
     */
    public void verify(HttpRequestParts request, ParsedSignature p, String secretAccessKey) {
        byte[] key = keyCache.get(secretAccessKey, p.scopeDate(), p.region(), p.service());
        byte[] provided = p.signature().getBytes(StandardCharsets.US_ASCII);
        String scope = p.credentialScope();
        String bodyHash = request.payloadHashOrBodyHash();
        if (matches(request, p, key, scope, bodyHash, provided)) {
            return;
        }
        if (p.presigned() && !bodyHash.equals(SigV4.UNSIGNED_PAYLOAD)
                && matches(request, p, key, scope, SigV4.UNSIGNED_PAYLOAD, provided)) {
            return;
        }
        throw SigV4Errors.signatureDoesNotMatch();
    }

    /**
     * The signing key of a verified request's scope (AWS's key specialization: it verifies that principal's requests
     * for this date, region and service only). A copy: callers may hand it on, never the secret itself.
     */
    public byte[] signingKey(ParsedSignature p, String secretAccessKey) {
        return keyCache.get(secretAccessKey, p.scopeDate(), p.region(), p.service()).clone();
    }

    private static boolean matches(HttpRequestParts request, ParsedSignature p, byte[] key, String scope,
                                   String payloadHash, byte[] provided) {
        String creq = SigV4.canonicalRequest(request, p.signedHeaders(), p.presigned(), payloadHash);
        String expected = SigV4.signature(key, SigV4.stringToSign(p.amzDate(), scope, creq));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided);
    }

    private record Carrier(boolean presigned, String credential, String signature, List<String> signedHeaders,
                           String dateText, boolean dateFromDateHeader, String expires, String securityToken) {
    }

    /** Steps 2-4 for the Authorization header. */
    private static Carrier fromHeader(HttpRequestParts request, String header) {
        String auth = header.trim();
        int space = auth.indexOf(' ');
        String algorithm = space < 0 ? auth : auth.substring(0, space);
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw SigV4Errors.incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'.");
        }
        String credential = null;
        String signature = null;
        String signedHeaders = null;
        String params = space < 0 ? "" : auth.substring(space + 1);
        int start = 0;
        while (start <= params.length()) {
            int comma = params.indexOf(',', start);
            int end = comma < 0 ? params.length() : comma;
            String param = params.substring(start, end).trim();
            if (!param.isEmpty()) {
                int eq = param.indexOf('=');
                if (eq < 0) {
                    throw SigV4Errors.incomplete("'" + param
                            + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + auth + "'");
                }
                String name = param.substring(0, eq);
                String value = param.substring(eq + 1);
                switch (name) { // the last occurrence of a key wins
                    case "Credential" -> credential = value;
                    case "Signature" -> signature = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    default -> { }
                }
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        String date = request.firstHeader("x-amz-date");
        boolean fromDateHeader = false;
        if (date == null) {
            date = request.firstHeader("date");
            fromDateHeader = date != null;
        }
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (date == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw SigV4Errors.incomplete(missing + "Authorization=" + algorithm);
        }
        return new Carrier(false, credential, signature, splitSignedHeaders(signedHeaders), date.trim(), fromDateHeader,
                null, request.firstHeader("x-amz-security-token"));
    }

    /** Steps 2-4 for the presigned query string. */
    private static Carrier fromQuery(List<String[]> query, String algorithm) {
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw SigV4Errors.missingAuthenticationToken();
        }
        String credential = QueryParams.first(query, X_AMZ_CREDENTIAL);
        String signature = QueryParams.first(query, SigV4.X_AMZ_SIGNATURE);
        String signedHeaders = QueryParams.first(query, X_AMZ_SIGNED_HEADERS);
        String date = QueryParams.first(query, X_AMZ_DATE);
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("AWS query-string parameters must include 'X-Amz-Credential'. ");
        }
        if (signature == null) {
            missing.append("AWS query-string parameters must include 'X-Amz-Signature'. ");
        }
        if (signedHeaders == null) {
            missing.append("AWS query-string parameters must include 'X-Amz-SignedHeaders'. ");
        }
        if (date == null) {
            missing.append("AWS query-string parameters must include 'X-Amz-Date'. ");
        }
        if (missing.length() > 0) {
            throw SigV4Errors.incomplete(missing + "Re-examine the query-string parameters.");
        }
        return new Carrier(true, credential, signature, splitSignedHeaders(signedHeaders), date, false,
                QueryParams.first(query, X_AMZ_EXPIRES), QueryParams.first(query, X_AMZ_SECURITY_TOKEN));
    }

    private static List<String> splitSignedHeaders(String value) {
        List<String> names = new ArrayList<>(8);
        int start = 0;
        while (start <= value.length()) {
            int semi = value.indexOf(';', start);
            int end = semi < 0 ? value.length() : semi;
            String name = value.substring(start, end).trim();
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(java.util.Locale.ROOT));
            }
            if (semi < 0) {
                break;
            }
            start = semi + 1;
        }
        Collections.sort(names);
        return names;
    }

    /** Not signed in the future (beyond the skew), and not used after X-Amz-Date + X-Amz-Expires: S3's wording. */
    private void checkPresignedValidity(Instant requestTime, long expires) {
        Instant now = clock.instant();
        if (requestTime.isAfter(now.plus(MAX_SKEW))) {
            checkSkew(requestTime);
        }
        if (now.isAfter(requestTime.plusSeconds(expires))) {
            throw SigV4Errors.requestExpired();
        }
    }

    private static long checkExpiresSyntax(String expires) {
        long seconds = -1;
        if (!expires.isEmpty() && expires.length() <= 7) {
            seconds = 0;
            for (int i = 0; i < expires.length() && seconds >= 0; i++) {
                char ch = expires.charAt(i);
                seconds = ch >= '0' && ch <= '9' ? seconds * 10 + (ch - '0') : -1;
            }
        }
        if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
            throw SigV4Errors.incomplete("X-Amz-Expires must be a number of seconds between 1 and 604800. Got '"
                    + expires + "'.");
        }
        return seconds;
    }

    private void checkSkew(Instant requestTime) {
        Instant now = clock.instant();
        Instant min = now.minus(MAX_SKEW);
        Instant max = now.plus(MAX_SKEW);
        if (requestTime.isBefore(min)) {
            throw SigV4Errors.mismatch("Signature expired: " + SigV4.formatAmzDate(requestTime) + " is now earlier than "
                    + SigV4.formatAmzDate(min) + " (" + SigV4.formatAmzDate(now) + " - 15 min.)");
        }
        if (requestTime.isAfter(max)) {
            throw SigV4Errors.mismatch("Signature not yet current: " + SigV4.formatAmzDate(requestTime)
                    + " is still later than " + SigV4.formatAmzDate(max) + " (" + SigV4.formatAmzDate(now)
                    + " + 15 min.)");
        }
    }

    /** Exactly five '/'-separated parts (empty parts count), or null. */
    private static String[] splitCredential(String credential) {
        String[] parts = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int slash = credential.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            parts[i] = credential.substring(start, slash);
            start = slash + 1;
        }
        if (credential.indexOf('/', start) >= 0) {
            return null;
        }
        parts[4] = credential.substring(start);
        return parts;
    }

    private void checkScope(String[] scope, String amzDate) {
        String date = scope[1];
        String region = scope[2];
        String service = scope[3];
        String terminator = scope[4];
        StringBuilder errors = new StringBuilder();
        if (!regionAllowed(region)) {
            errors.append("Credential should be scoped to a valid region, not '").append(region).append("'. ");
        }
        if (expectedServiceForMessage == null) {
            if (!validName(service)) { // worded as the region clause: AWS has no "any service" endpoint to copy
                errors.append("Credential should be scoped to a valid service, not '").append(service).append("'. ");
            }
        } else if (!allowedServices.contains(service)) {
            errors.append("Credential should be scoped to correct service: '").append(expectedServiceForMessage)
                    .append("'. ");
        }
        if (!terminator.equals(SigV4.TERMINATOR)) {
            errors.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(terminator).append("'. ");
        }
        String expectedDate = amzDate.substring(0, 8);
        if (!date.equals(expectedDate)) {
            errors.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                    .append(date).append("' != '").append(expectedDate).append("', from '").append(amzDate)
                    .append("'. ");
        }
        if (errors.length() > 0) {
            errors.setLength(errors.length() - 1); // the clauses are joined by single spaces
            throw SigV4Errors.mismatch(errors.toString());
        }
    }

    private boolean regionAllowed(String region) {
        if (!allowedRegions.isEmpty()) {
            return allowedRegions.contains(region);
        }
        return validName(region);
    }

    /** A region or service name: lower-case letters, digits and '-', starting with a letter, at most 64. */
    private static boolean validName(String region) {
        if (region.isEmpty() || region.length() > 64 || region.charAt(0) < 'a' || region.charAt(0) > 'z') {
            return false;
        }
        for (int i = 0; i < region.length(); i++) {
            char ch = region.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
                return false;
            }
        }
        return true;
    }
}

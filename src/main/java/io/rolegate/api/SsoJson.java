package io.rolegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.RequestFacts;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rest-json edge of the AWS SSO protocols ({@link SsoOidcResource}, {@link SsoPortalResource}): body size limit,
 * parsing, and errors with the code in {@code x-amzn-ErrorType}. SSO OIDC errors also carry the OAuth body
 * {@code {"error": "authorization_pending", "error_description": ...}} (the AWS tools' poll loop keys on the header,
 * OAuth clients on the body); SSO portal errors carry {@code {"message": ...}}.
 */
final class SsoJson {
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Face { OIDC, PORTAL }

    private SsoJson() {
    }

    static JsonNode parse(byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > MAX_BODY_BYTES) {
            throw new AwsException(ErrorCode.InvalidRequestException,
                    "The request body is " + bytes.length + " bytes; at most " + MAX_BODY_BYTES + " are allowed");
        }
        try {
            JsonNode node = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new AwsException(ErrorCode.InvalidRequestException, "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new AwsException(ErrorCode.InvalidRequestException, "The request body is not valid JSON");
        }
    }

    static String text(JsonNode body, String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AwsException(ErrorCode.InvalidRequestException, member + " must be a string");
        }
        return v.asText();
    }

    static List<String> texts(JsonNode body, String member) {
        JsonNode v = body.get(member);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new AwsException(ErrorCode.InvalidRequestException, member + " must be a list of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new AwsException(ErrorCode.InvalidRequestException, member + " must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static RequestFacts facts(HttpServerRequest request, Instant now) {
        return RequestFacts.of(EdgeRequests.sourceIp(request), request.isSSL(), request.getHeader("User-Agent"), now,
                null);
    }

    static Response error(Face face, ErrorCode code, String message, String requestId) {
        ObjectNode body = object();
        String type = code == ErrorCode.InternalFailure ? "InternalServerException" : code.code();
        int status = code.httpStatus();
        if (face == Face.OIDC) {
            body.put("error", oauthError(type));
            body.put("error_description", message);
            if (code == ErrorCode.AccessDeniedException) {
                status = 400; // the sso-oidc model's AccessDeniedException (projects' is a 403)
            }
        } else {
            body.put("message", message);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("x-amzn-RequestId", requestId)
                .header("x-amzn-ErrorType", type).entity(body.toString()).build();
    }

    /** AuthorizationPendingException -> authorization_pending (RFC 6749 / 8628 error codes). */
    static String oauthError(String type) {
        String base = type.endsWith("Exception") ? type.substring(0, type.length() - "Exception".length()) : type;
        if (base.equals("ExpiredToken")) {
            return "expired_token";
        }
        return base.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

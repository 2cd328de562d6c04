package io.rolegate.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rolegate.authz.AuthorizeItem;
import io.rolegate.authz.DownstreamAnswer;
import io.rolegate.authz.DownstreamCall;
import io.rolegate.authz.ForwardedRequest;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.rolegate.authz.DownstreamLimits.*;

/**
 * The JSON of POST /v1/authorize and /v1/authorize/batch (field names fixed by issue 9; documented in the README).
 * Parsing checks shapes and limits and answers ValidationError (400) with the offending field's path; unknown fields
 * and duplicate keys are refused, so a misspelt field never passes silently and every parser reads the same document.
 */
final class AuthorizeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory GENERATOR = new JsonFactory();
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]{1,64}:[A-Za-z0-9_-]{1,128}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Set<String> SINGLE_FIELDS = Set.of("request", "action", "resource", "resourceName",
            "resourcePolicy", "context", "deriveSigningKey");
    private static final Set<String> BATCH_FIELDS = Set.of("request", "items", "deriveSigningKey");
    private static final Set<String> ITEM_FIELDS = Set.of("action", "resource", "resourceName", "resourcePolicy",
            "context");
    private static final Set<String> REQUEST_FIELDS = Set.of("method", "path", "query", "headers", "bodySha256",
            "secure", "sourceIp");

    private AuthorizeJson() {
    }

    static DownstreamCall parse(byte[] body, boolean batch) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object");
        }
        onlyFields(root, batch ? BATCH_FIELDS : SINGLE_FIELDS, "");
        ForwardedRequest request = request(required(root, "request", ""), "request");
        boolean derive = bool(root, "deriveSigningKey", "");
        List<AuthorizeItem> items = new ArrayList<>();
        if (batch) {
            JsonNode array = required(root, "items", "");
            if (!array.isArray()) {
                throw invalid("Field 'items' must be an array");
            }
            if (array.isEmpty() || array.size() > MAX_ITEMS) {
                throw invalid("Field 'items' must have between 1 and " + MAX_ITEMS + " entries, not " + array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                String path = "items[" + i + "]";
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    throw invalid("Field '" + path + "' must be an object");
                }
                onlyFields(item, ITEM_FIELDS, path);
                items.add(item(item, path + "."));
            }
        } else {
            items.add(item(root, ""));
        }
        return new DownstreamCall(request, items, derive);
    }

    private static AuthorizeItem item(JsonNode n, String prefix) {
        String action = string(n, "action", prefix, true, MAX_ACTION_CHARS);
        if (!ACTION.matcher(action).matches()) {
            throw invalid("Field '" + prefix + "action' must be service:Action (letters, digits, '-'), not '"
                    + action + "'");
        }
        String resource = string(n, "resource", prefix, false, MAX_RESOURCE_CHARS);
        if (resource != null && resource.isEmpty()) {
            throw invalid("Field '" + prefix + "resource' must not be empty; leave it out for actions without one");
        }
        return new AuthorizeItem(action, resource, string(n, "resourceName", prefix, false, MAX_RESOURCE_NAME_CHARS),
                string(n, "resourcePolicy", prefix, false, MAX_RESOURCE_POLICY_CHARS), context(n.get("context"),
                prefix + "context"));
    }

    private static ForwardedRequest request(JsonNode n, String path) {
        if (!n.isObject()) {
            throw invalid("Field 'request' must be an object");
        }
        onlyFields(n, REQUEST_FIELDS, path);
        String prefix = path + ".";
        String method = string(n, "method", prefix, true, 16);
        if (!METHOD.matcher(method).matches()) {
            throw invalid("Field 'request.method' must be an HTTP method in upper case, not '" + method + "'");
        }
        String rawPath = string(n, "path", prefix, true, MAX_PATH_CHARS);
        if (!rawPath.startsWith("/")) {
            throw invalid("Field 'request.path' must start with '/' (the path as received, still percent-encoded)");
        }
        String query = string(n, "query", prefix, false, MAX_QUERY_CHARS);
        if (query != null && query.startsWith("?")) {
            throw invalid("Field 'request.query' is the query string as received, without the leading '?'");
        }
        String bodySha256 = string(n, "bodySha256", prefix, false, 64);
        if (bodySha256 != null) {
            if (!SHA256_HEX.matcher(bodySha256).matches()) {
                throw invalid("Field 'request.bodySha256' must be the hex SHA-256 of the body (64 hex digits)");
            }
            bodySha256 = bodySha256.toLowerCase(Locale.ROOT);
        }
        String sourceIp = string(n, "sourceIp", prefix, false, 45);
        if (sourceIp != null && !isIpAddress(sourceIp)) {
            throw invalid("Field 'request.sourceIp' must be an IPv4 or IPv6 address, not '" + sourceIp + "'");
        }
        return new ForwardedRequest(method, rawPath, query, headers(required(n, "headers", prefix)), bodySha256,
                bool(n, "secure", prefix), sourceIp);
    }

    private static Map<String, List<String>> headers(JsonNode n) {
        if (!n.isObject()) {
            throw invalid("Field 'request.headers' must be an object of header names to values");
        }
        if (n.size() > MAX_HEADERS) {
            throw invalid("Field 'request.headers' must have at most " + MAX_HEADERS + " headers, not " + n.size());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String name = h.getKey();
            if (name.isEmpty() || name.length() > MAX_HEADER_NAME_CHARS) {
                throw invalid("Header names in 'request.headers' must have 1 to " + MAX_HEADER_NAME_CHARS
                        + " characters");
            }
            List<String> values = out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            String path = "request.headers." + name;
            JsonNode v = h.getValue();
            if (v.isTextual()) {
                values.add(v.textValue());
            } else if (v.isArray() && !v.isEmpty()) {
                for (JsonNode e : v) {
                    if (!e.isTextual()) {
                        throw invalid("Field '" + path + "' must be a string or an array of strings");
                    }
                    values.add(e.textValue());
                }
            } else {
                throw invalid("Field '" + path + "' must be a string or a non-empty array of strings");
            }
            if (values.stream().mapToInt(String::length).sum() > MAX_HEADER_VALUE_CHARS) {
                throw invalid("Field '" + path + "' must have at most " + MAX_HEADER_VALUE_CHARS + " characters");
            }
        }
        return out;
    }

    private static List<AuthorizeItem.ContextEntry> context(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isObject()) {
            throw invalid("Field '" + path + "' must be an object of condition keys to a value or a list of values");
        }
        if (n.size() > MAX_CONTEXT_KEYS) {
            throw invalid("Field '" + path + "' must have at most " + MAX_CONTEXT_KEYS + " keys, not " + n.size());
        }
        List<AuthorizeItem.ContextEntry> out = new ArrayList<>(n.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.isEmpty() || key.length() > MAX_CONTEXT_KEY_CHARS || key.indexOf(':') <= 0) {
                throw invalid("Condition keys in '" + path + "' must be prefix:name with at most "
                        + MAX_CONTEXT_KEY_CHARS + " characters, not '" + key + "'");
            }
            String keyPath = path + "." + key;
            JsonNode v = e.getValue();
            if (v.isArray()) {
                if (v.size() > MAX_CONTEXT_VALUES) {
                    throw invalid("Field '" + keyPath + "' must have at most " + MAX_CONTEXT_VALUES + " values");
                }
                List<String> values = new ArrayList<>(v.size());
                for (JsonNode x : v) {
                    values.add(scalar(x, keyPath));
                }
                out.add(new AuthorizeItem.ContextEntry(key, values, true));
            } else {
                out.add(new AuthorizeItem.ContextEntry(key, List.of(scalar(v, keyPath)), false));
            }
        }
        return out;
    }

    /** A condition value: a string, or a number or boolean written as text (for Numeric and Bool conditions). */
    private static String scalar(JsonNode v, String path) {
        if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
            throw invalid("Field '" + path + "' must be a string, number or boolean, or an array of them");
        }
        String s = v.asText();
        if (s.length() > MAX_CONTEXT_VALUE_CHARS) {
            throw invalid("Values of '" + path + "' must have at most " + MAX_CONTEXT_VALUE_CHARS + " characters");
        }
        return s;
    }

    private static void onlyFields(JsonNode n, Set<String> allowed, String path) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw invalid("Unknown field '" + (path.isEmpty() ? "" : path + ".") + f + "'");
            }
        }
    }

    private static JsonNode required(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw invalid("Missing required field '" + prefix + field + "'");
        }
        return v;
    }

    private static String string(JsonNode n, String field, String prefix, boolean required, int max) {
        JsonNode v = required ? required(n, field, prefix) : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("Field '" + prefix + field + "' must be a string");
        }
        String s = v.textValue();
        if (s.length() > max) {
            throw invalid("Field '" + prefix + field + "' must have at most " + max + " characters, not " + s.length());
        }
        if (required && s.isEmpty()) {
            throw invalid("Field '" + prefix + field + "' must not be empty");
        }
        return s;
    }

    private static boolean bool(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw invalid("Field '" + prefix + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    /** A literal address only: never a host name (that would mean a DNS lookup). */
    private static boolean isIpAddress(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a literal with ':' is parsed, never resolved
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.ValidationError, message);
    }

    // ---- rendering ----

    static byte[] render(DownstreamAnswer a, boolean batch) {
        return write(g -> {
            g.writeStartObject();
            g.writeBooleanField("authenticated", a.authenticated());
            failure(g, "error", a.error());
            if (a.principal() != null) {
                principal(g, a.principal());
            }
            if (batch) {
                g.writeArrayFieldStart("results");
                for (DownstreamAnswer.ItemDecision d : a.decisions()) {
                    g.writeStartObject();
                    g.writeStringField("action", d.action());
                    optional(g, "resource", d.resource());
                    decision(g, d);
                    g.writeEndObject();
                }
                g.writeEndArray();
            } else if (!a.decisions().isEmpty()) {
                decision(g, a.decisions().get(0));
            }
            g.writeNumberField("cacheTtlSeconds", a.cacheTtlSeconds());
            if (a.signingKey() != null) {
                DownstreamAnswer.DerivedSigningKey k = a.signingKey();
                g.writeObjectFieldStart("signingKey");
                g.writeStringField("key", k.key());
                g.writeStringField("accessKeyId", k.accessKeyId());
                g.writeStringField("scope", k.scope());
                g.writeStringField("expiresAt", k.expiresAt().toString());
                g.writeEndObject();
            }
            failure(g, "signingKeyError", a.signingKeyError());
            g.writeEndObject();
        });
    }

    private static void principal(JsonGenerator g, DownstreamAnswer.PrincipalInfo p) throws IOException {
        g.writeObjectFieldStart("principal");
        g.writeStringField("arn", p.arn());
        g.writeStringField("accountId", p.accountId());
        g.writeStringField("userId", p.userId());
        g.writeStringField("type", p.type());
        optional(g, "sessionName", p.sessionName());
        optional(g, "sourceIdentity", p.sourceIdentity());
        g.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> t : p.tags().entrySet()) {
            g.writeStringField(t.getKey(), t.getValue());
        }
        g.writeEndObject();
        optional(g, "issuedAt", p.issuedAt());
        optional(g, "expiresAt", p.expiresAt());
        g.writeBooleanField("mfa", p.mfa());
        optional(g, "accessKeyId", p.accessKeyId());
        optional(g, "roleArn", p.roleArn());
        g.writeEndObject();
    }

    private static void decision(JsonGenerator g, DownstreamAnswer.ItemDecision d) throws IOException {
        g.writeStringField("decision", d.decision());
        optional(g, "message", d.message());
        g.writeArrayFieldStart("matchedStatements");
        for (DownstreamAnswer.MatchedStatement m : d.matchedStatements()) {
            g.writeStartObject();
            g.writeStringField("policyType", m.policyType());
            optional(g, "policyName", m.policyName());
            optional(g, "policyArn", m.policyArn());
            optional(g, "sid", m.sid());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The error body of /v1/authorize: {@code {"__type": code, "message": text}}, as AWS's JSON services. */
    static byte[] error(ErrorCode code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("__type", code.code());
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    private static void failure(JsonGenerator g, String field, DownstreamAnswer.Failure f) throws IOException {
        if (f != null) {
            g.writeObjectFieldStart(field);
            g.writeStringField("code", f.code());
            g.writeStringField("message", f.message());
            g.writeEndObject();
        }
    }

    private static void optional(JsonGenerator g, String field, Object value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value instanceof Instant i ? i.toString() : value.toString());
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = GENERATOR.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

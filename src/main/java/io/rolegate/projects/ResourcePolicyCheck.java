package io.rolegate.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the service itself requires of a project's resource policy before the gateway parses it with IAM's full
 * grammar: a JSON object of at most 20,480 characters whose statements each have an Effect, name a Principal (a
 * resource policy says who), name only monitron actions and only this project as the resource. As AWS services do
 * for their resource policies (an S3 bucket policy may name only the bucket), a policy about anything else is refused.
 */
final class ResourcePolicyCheck {
    static final int MAX_LENGTH = 20_480;

    private ResourcePolicyCheck() {
    }

    static void check(String text, String projectArn, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            throw invalid("The resource policy is empty.");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("The resource policy is longer than " + MAX_LENGTH + " characters.");
        }
        JsonNode doc;
        try {
            doc = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("The resource policy is not valid JSON.");
        }
        if (doc == null || !doc.isObject()) {
            throw invalid("The resource policy must be a JSON object.");
        }
        JsonNode version = doc.get("Version");
        if (version != null && !version.asText().equals("2012-10-17") && !version.asText().equals("2008-10-17")) {
            throw invalid("The resource policy's Version must be 2012-10-17 or 2008-10-17.");
        }
        List<JsonNode> statements = values(doc.get("Statement"));
        if (statements.isEmpty()) {
            throw invalid("The resource policy must have at least one Statement.");
        }
        for (int i = 0; i < statements.size(); i++) {
            checkStatement(statements.get(i), "Statement " + (i + 1) + ": ", projectArn);
        }
    }

    private static void checkStatement(JsonNode s, String where, String projectArn) {
        if (!s.isObject()) {
            throw invalid(where + "a statement must be a JSON object.");
        }
        String effect = s.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw invalid(where + "Effect must be \"Allow\" or \"Deny\".");
        }
        if (!s.has("Principal") && !s.has("NotPrincipal")) {
            throw invalid(where + "a resource policy must name a Principal or NotPrincipal.");
        }
        for (String action : strings(s, "Action", "NotAction", where)) {
            String a = action.toLowerCase(Locale.ROOT);
            if (!a.equals("*") && !a.startsWith("monitron:")) {
                throw invalid(where + "the action " + action + " is not a monitron action.");
            }
        }
        for (String resource : strings(s, "Resource", "NotResource", where)) {
            if (!resource.equals("*") && !resource.equals(projectArn)) {
                throw invalid(where + "the resource " + resource + " is not this project (" + projectArn + ").");
            }
        }
    }

    /** The strings of member {@code name} (or {@code notName}): one of them must be there, with strings only. */
    private static List<String> strings(JsonNode s, String name, String notName, String where) {
        JsonNode node = s.has(name) ? s.get(name) : s.get(notName);
        List<JsonNode> values = values(node);
        if (values.isEmpty()) {
            throw invalid(where + "a statement must have a " + name + " or " + notName + ".");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                throw invalid(where + name + " values must be strings.");
            }
            out.add(v.asText());
        }
        return out;
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.ValidationException, message);
    }
}
